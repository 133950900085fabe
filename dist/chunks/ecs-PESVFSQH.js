import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  awsRequestHandler
} from "./chunk-CV5MLAC2.js";
import {
  client_exports as client_exports2,
  dist_es_exports,
  httpAuthSchemes_exports,
  init_client as init_client2,
  init_dist_es,
  init_httpAuthSchemes,
  init_protocols,
  init_protocols2,
  init_retry,
  protocols_exports,
  protocols_exports2,
  require_dist_cjs2 as require_dist_cjs,
  require_dist_cjs3 as require_dist_cjs2,
  retry_exports
} from "./chunk-JFZFN473.js";
import {
  NETWORK_ERROR_CODES,
  field
} from "./chunk-TFOBGRYL.js";
import {
  ProviderError
} from "./chunk-346N7LIJ.js";
import {
  checksum_exports,
  client_exports,
  config_exports,
  endpoints_exports,
  init_checksum,
  init_client,
  init_config,
  init_endpoints,
  init_schema,
  init_serde,
  schema_exports,
  serde_exports
} from "./chunk-X7I37UM3.js";
import {
  __commonJS,
  __toCommonJS,
  __toESM
} from "./chunk-M2JWUYOJ.js";

// node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var require_dist_cjs3 = __commonJS({
  "node_modules/@aws-sdk/client-ecs/dist-cjs/index.js"(exports) {
    var { awsEndpointFunctions, emitWarningIfUnsupportedVersion: emitWarningIfUnsupportedVersion$1, createDefaultUserAgentProvider, getDefaultSocketTimeout, NODE_APP_ID_CONFIG_OPTIONS, getAwsRegionExtensionConfiguration, resolveAwsRegionExtensionConfiguration, resolveUserAgentConfig, resolveHostHeaderConfig, getUserAgentPlugin, getHostHeaderPlugin, getLoggerPlugin, getRecursionDetectionPlugin } = (init_client2(), __toCommonJS(client_exports2));
    var { getHttpAuthSchemeEndpointRuleSetPlugin, DefaultIdentityProviderConfig, getHttpSigningPlugin, createPaginator } = (init_dist_es(), __toCommonJS(dist_es_exports));
    var { normalizeProvider, getSmithyContext, ServiceException, NoOpLogger, emitWarningIfUnsupportedVersion, loadConfigsForDefaultMode, getDefaultExtensionConfiguration, resolveDefaultRuntimeConfig, Client, makeBuilder, createWaiter, checkExceptions, WaiterState, createAggregatedClient } = (init_client(), __toCommonJS(client_exports));
    var { Command: $Command } = (init_client(), __toCommonJS(client_exports));
    exports.$Command = $Command;
    exports.__Client = Client;
    var { resolveDefaultsModeConfig, loadConfig, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS, resolveRegionConfig } = (init_config(), __toCommonJS(config_exports));
    var { BinaryDecisionDiagram, EndpointCache, decideEndpoint, customEndpointFunctions, resolveEndpointConfig, getEndpointPlugin } = (init_endpoints(), __toCommonJS(endpoints_exports));
    var { parseUrl, getHttpHandlerExtensionConfiguration, resolveHttpHandlerRuntimeConfig, getContentLengthPlugin } = (init_protocols(), __toCommonJS(protocols_exports));
    var { DEFAULT_RETRY_MODE, NODE_RETRY_MODE_CONFIG_OPTIONS, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, resolveRetryConfig, getRetryPlugin } = (init_retry(), __toCommonJS(retry_exports));
    var { TypeRegistry, getSchemaSerdePlugin } = (init_schema(), __toCommonJS(schema_exports));
    var { resolveAwsSdkSigV4Config, AwsSdkSigV4Signer, NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } = (init_httpAuthSchemes(), __toCommonJS(httpAuthSchemes_exports));
    var { defaultProvider } = require_dist_cjs2();
    var { toUtf8, fromUtf8, toBase64, fromBase64, calculateBodyLength } = (init_serde(), __toCommonJS(serde_exports));
    var { streamCollector, NodeHttpHandler } = require_dist_cjs();
    var { AwsJson1_1Protocol } = (init_protocols2(), __toCommonJS(protocols_exports2));
    var { Sha256 } = (init_checksum(), __toCommonJS(checksum_exports));
    var defaultECSHttpAuthSchemeParametersProvider = async (config, context, input) => {
      return {
        operation: getSmithyContext(context).operation,
        region: await normalizeProvider(config.region)() || (() => {
          throw new Error("expected `region` to be configured for `aws.auth#sigv4`");
        })()
      };
    };
    function createAwsAuthSigv4HttpAuthOption(authParameters) {
      return {
        schemeId: "aws.auth#sigv4",
        signingProperties: {
          name: "ecs",
          region: authParameters.region
        },
        propertiesExtractor: (config, context) => ({
          signingProperties: {
            config,
            context
          }
        })
      };
    }
    var defaultECSHttpAuthSchemeProvider = (authParameters) => {
      const options = [];
      switch (authParameters.operation) {
        default: {
          options.push(createAwsAuthSigv4HttpAuthOption(authParameters));
        }
      }
      return options;
    };
    var resolveHttpAuthSchemeConfig = (config) => {
      const config_0 = resolveAwsSdkSigV4Config(config);
      return Object.assign(config_0, {
        authSchemePreference: normalizeProvider(config.authSchemePreference ?? [])
      });
    };
    var resolveClientEndpointParameters = (options) => {
      return Object.assign(options, {
        useDualstackEndpoint: options.useDualstackEndpoint ?? false,
        useFipsEndpoint: options.useFipsEndpoint ?? false,
        defaultSigningName: "ecs"
      });
    };
    var commonParams = {
      UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
      Endpoint: { type: "builtInParams", name: "endpoint" },
      Region: { type: "builtInParams", name: "region" },
      UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" }
    };
    var version = "3.1163.0";
    var packageInfo = {
      version
    };
    var k = "ref";
    var a = -1;
    var b = true;
    var c = "isSet";
    var d = "PartitionResult";
    var e = "booleanEquals";
    var f = "getAttr";
    var g = { [k]: "Endpoint" };
    var h = { [k]: d };
    var i = {};
    var j = [{ [k]: "Region" }];
    var _data = {
      conditions: [
        [c, [g]],
        [c, j],
        ["aws.partition", j, d],
        [e, [{ [k]: "UseFIPS" }, b]],
        [e, [{ [k]: "UseDualStack" }, b]],
        [e, [{ fn: f, argv: [h, "supportsDualStack"] }, b]],
        [e, [{ fn: f, argv: [h, "supportsFIPS"] }, b]]
      ],
      results: [
        [a],
        [a, "Invalid Configuration: FIPS and custom endpoint are not supported"],
        [a, "Invalid Configuration: Dualstack and custom endpoint are not supported"],
        [g, i],
        ["https://ecs-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "FIPS and DualStack are enabled, but this partition does not support one or both"],
        ["https://ecs-fips.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "FIPS is enabled but this partition does not support FIPS"],
        ["https://ecs.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "DualStack is enabled but this partition does not support DualStack"],
        ["https://ecs.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "Invalid Configuration: Missing Region"]
      ]
    };
    var root = 2;
    var r = 1e8;
    var nodes = new Int32Array([
      -1,
      1,
      -1,
      0,
      12,
      3,
      1,
      4,
      r + 11,
      2,
      5,
      r + 11,
      3,
      8,
      6,
      4,
      7,
      r + 10,
      5,
      r + 8,
      r + 9,
      4,
      10,
      9,
      6,
      r + 6,
      r + 7,
      5,
      11,
      r + 5,
      6,
      r + 4,
      r + 5,
      3,
      r + 1,
      13,
      4,
      r + 2,
      r + 3
    ]);
    var bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);
    var cache = new EndpointCache({
      size: 50,
      params: ["Endpoint", "Region", "UseDualStack", "UseFIPS"]
    });
    var defaultEndpointResolver = (endpointParams, context = {}) => {
      return cache.get(endpointParams, () => decideEndpoint(bdd, {
        endpointParams,
        logger: context.logger
      }));
    };
    customEndpointFunctions.aws = awsEndpointFunctions;
    var ECSServiceException2 = class _ECSServiceException extends ServiceException {
      static shapeId = "smithy.ts.sdk.synthetic.com.amazonaws.ecs#ECSServiceException";
      constructor(options) {
        super(options);
        Object.setPrototypeOf(this, _ECSServiceException.prototype);
      }
    };
    var AccessDeniedException2 = class _AccessDeniedException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#AccessDeniedException";
      name = "AccessDeniedException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "AccessDeniedException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _AccessDeniedException.prototype);
      }
    };
    var ClientException = class _ClientException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ClientException";
      name = "ClientException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ClientException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ClientException.prototype);
      }
    };
    var ClusterNotFoundException2 = class _ClusterNotFoundException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ClusterNotFoundException";
      name = "ClusterNotFoundException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ClusterNotFoundException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ClusterNotFoundException.prototype);
      }
    };
    var InvalidParameterException2 = class _InvalidParameterException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#InvalidParameterException";
      name = "InvalidParameterException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "InvalidParameterException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _InvalidParameterException.prototype);
      }
    };
    var LimitExceededException = class _LimitExceededException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#LimitExceededException";
      name = "LimitExceededException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "LimitExceededException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _LimitExceededException.prototype);
      }
    };
    var ServerException2 = class _ServerException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ServerException";
      name = "ServerException";
      $fault = "server";
      constructor(opts) {
        super({
          name: "ServerException",
          $fault: "server",
          ...opts
        });
        Object.setPrototypeOf(this, _ServerException.prototype);
      }
    };
    var UnsupportedFeatureException = class _UnsupportedFeatureException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#UnsupportedFeatureException";
      name = "UnsupportedFeatureException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "UnsupportedFeatureException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _UnsupportedFeatureException.prototype);
      }
    };
    var UpdateInProgressException = class _UpdateInProgressException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#UpdateInProgressException";
      name = "UpdateInProgressException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "UpdateInProgressException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _UpdateInProgressException.prototype);
      }
    };
    var NamespaceNotFoundException = class _NamespaceNotFoundException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#NamespaceNotFoundException";
      name = "NamespaceNotFoundException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "NamespaceNotFoundException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _NamespaceNotFoundException.prototype);
      }
    };
    var ClusterContainsCapacityProviderException = class _ClusterContainsCapacityProviderException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ClusterContainsCapacityProviderException";
      name = "ClusterContainsCapacityProviderException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ClusterContainsCapacityProviderException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ClusterContainsCapacityProviderException.prototype);
      }
    };
    var ClusterContainsContainerInstancesException = class _ClusterContainsContainerInstancesException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ClusterContainsContainerInstancesException";
      name = "ClusterContainsContainerInstancesException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ClusterContainsContainerInstancesException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ClusterContainsContainerInstancesException.prototype);
      }
    };
    var ClusterContainsServicesException = class _ClusterContainsServicesException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ClusterContainsServicesException";
      name = "ClusterContainsServicesException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ClusterContainsServicesException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ClusterContainsServicesException.prototype);
      }
    };
    var ClusterContainsTasksException = class _ClusterContainsTasksException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ClusterContainsTasksException";
      name = "ClusterContainsTasksException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ClusterContainsTasksException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ClusterContainsTasksException.prototype);
      }
    };
    var TargetNotConnectedException = class _TargetNotConnectedException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#TargetNotConnectedException";
      name = "TargetNotConnectedException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "TargetNotConnectedException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _TargetNotConnectedException.prototype);
      }
    };
    var ResourceInUseException = class _ResourceInUseException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ResourceInUseException";
      name = "ResourceInUseException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ResourceInUseException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ResourceInUseException.prototype);
      }
    };
    var TargetNotFoundException = class _TargetNotFoundException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#TargetNotFoundException";
      name = "TargetNotFoundException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "TargetNotFoundException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _TargetNotFoundException.prototype);
      }
    };
    var ServiceNotFoundException2 = class _ServiceNotFoundException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ServiceNotFoundException";
      name = "ServiceNotFoundException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ServiceNotFoundException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ServiceNotFoundException.prototype);
      }
    };
    var AttributeLimitExceededException = class _AttributeLimitExceededException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#AttributeLimitExceededException";
      name = "AttributeLimitExceededException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "AttributeLimitExceededException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _AttributeLimitExceededException.prototype);
      }
    };
    var MissingVersionException = class _MissingVersionException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#MissingVersionException";
      name = "MissingVersionException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "MissingVersionException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _MissingVersionException.prototype);
      }
    };
    var NoUpdateAvailableException = class _NoUpdateAvailableException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#NoUpdateAvailableException";
      name = "NoUpdateAvailableException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "NoUpdateAvailableException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _NoUpdateAvailableException.prototype);
      }
    };
    var ServiceDeploymentNotFoundException = class _ServiceDeploymentNotFoundException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ServiceDeploymentNotFoundException";
      name = "ServiceDeploymentNotFoundException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ServiceDeploymentNotFoundException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ServiceDeploymentNotFoundException.prototype);
      }
    };
    var PlatformUnknownException = class _PlatformUnknownException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#PlatformUnknownException";
      name = "PlatformUnknownException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "PlatformUnknownException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _PlatformUnknownException.prototype);
      }
    };
    var DaemonNotActiveException = class _DaemonNotActiveException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#DaemonNotActiveException";
      name = "DaemonNotActiveException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "DaemonNotActiveException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _DaemonNotActiveException.prototype);
      }
    };
    var DaemonNotFoundException = class _DaemonNotFoundException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#DaemonNotFoundException";
      name = "DaemonNotFoundException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "DaemonNotFoundException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _DaemonNotFoundException.prototype);
      }
    };
    var GatewayNotFoundException = class _GatewayNotFoundException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#GatewayNotFoundException";
      name = "GatewayNotFoundException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "GatewayNotFoundException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _GatewayNotFoundException.prototype);
      }
    };
    var ResourceNotFoundException = class _ResourceNotFoundException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ResourceNotFoundException";
      name = "ResourceNotFoundException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ResourceNotFoundException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ResourceNotFoundException.prototype);
      }
    };
    var PlatformTaskDefinitionIncompatibilityException = class _PlatformTaskDefinitionIncompatibilityException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#PlatformTaskDefinitionIncompatibilityException";
      name = "PlatformTaskDefinitionIncompatibilityException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "PlatformTaskDefinitionIncompatibilityException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _PlatformTaskDefinitionIncompatibilityException.prototype);
      }
    };
    var ServiceNotActiveException2 = class _ServiceNotActiveException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ServiceNotActiveException";
      name = "ServiceNotActiveException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "ServiceNotActiveException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ServiceNotActiveException.prototype);
      }
    };
    var ConflictException = class _ConflictException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#ConflictException";
      name = "ConflictException";
      $fault = "client";
      resourceIds;
      constructor(opts) {
        super({
          name: "ConflictException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _ConflictException.prototype);
        this.resourceIds = opts.resourceIds;
      }
    };
    var TaskSetNotFoundException = class _TaskSetNotFoundException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#TaskSetNotFoundException";
      name = "TaskSetNotFoundException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "TaskSetNotFoundException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _TaskSetNotFoundException.prototype);
      }
    };
    var BlockedException = class _BlockedException extends ECSServiceException2 {
      static shapeId = "com.amazonaws.ecs#BlockedException";
      name = "BlockedException";
      $fault = "client";
      constructor(opts) {
        super({
          name: "BlockedException",
          $fault: "client",
          ...opts
        });
        Object.setPrototypeOf(this, _BlockedException.prototype);
      }
    };
    var _A = "Attachment";
    var _AC = "AdvancedConfiguration";
    var _ACR = "AcceleratorCountRequest";
    var _AD = "AttachmentDetails";
    var _ADE = "AccessDeniedException";
    var _AGWC = "AssociateGatewayWithCluster";
    var _AGWCR = "AssociateGatewayWithClusterRequest";
    var _AGWCRs = "AssociateGatewayWithClusterResponse";
    var _AIT = "AllowedInstanceType";
    var _AITS = "AllowedInstanceTypeSet";
    var _ALEE = "AttributeLimitExceededException";
    var _AM = "AcceleratorManufacturer";
    var _AMS = "AcceleratorManufacturerSet";
    var _AN = "AcceleratorName";
    var _ANS = "AcceleratorNameSet";
    var _ARC = "AutoRepairConfiguration";
    var _ASC = "AttachmentStateChange";
    var _ASCt = "AttachmentStateChanges";
    var _ASGP = "AutoScalingGroupProvider";
    var _ASGPU = "AutoScalingGroupProviderUpdate";
    var _AT = "AcceleratorType";
    var _ATMMBR = "AcceleratorTotalMemoryMiBRequest";
    var _ATS = "AcceleratorTypeSet";
    var _AVC = "AwsVpcConfiguration";
    var _At = "Attribute";
    var _Att = "Attachments";
    var _Attr = "Attributes";
    var _BE = "BlockedException";
    var _BEBMR = "BaselineEbsBandwidthMbpsRequest";
    var _C = "Cluster";
    var _CA = "CreatedAt";
    var _CC = "CanaryConfiguration";
    var _CCCIE = "ClusterContainsContainerInstancesException";
    var _CCCPE = "ClusterContainsCapacityProviderException";
    var _CCP = "CreateCapacityProvider";
    var _CCPR = "CreateCapacityProviderRequest";
    var _CCPRr = "CreateCapacityProviderResponse";
    var _CCR = "CreateClusterRequest";
    var _CCRr = "CreateClusterResponse";
    var _CCSE = "ClusterContainsServicesException";
    var _CCTE = "ClusterContainsTasksException";
    var _CCl = "ClusterConfiguration";
    var _CCr = "CreateCluster";
    var _CD = "ContainerDefinition";
    var _CDR = "CreateDaemonRequest";
    var _CDRr = "CreateDaemonResponse";
    var _CDo = "ContainerDependency";
    var _CDon = "ContainerDefinitions";
    var _CDont = "ContainerDependencies";
    var _CDr = "CreateDaemon";
    var _CE = "ClientException";
    var _CEGS = "CreateExpressGatewayService";
    var _CEGSR = "CreateExpressGatewayServiceRequest";
    var _CEGSRr = "CreateExpressGatewayServiceResponse";
    var _CEo = "ConflictException";
    var _CG = "CreateGateway";
    var _CGR = "CreateGatewayRequest";
    var _CGRr = "CreateGatewayResponse";
    var _CI = "ContainerImage";
    var _CIHS = "ContainerInstanceHealthStatus";
    var _CIo = "ContainerInstance";
    var _CIon = "ContainerImages";
    var _CIont = "ContainerInstances";
    var _CM = "CpuManufacturer";
    var _CMIPC = "CreateManagedInstancesProviderConfiguration";
    var _CMS = "CpuManufacturerSet";
    var _CNFE = "ClusterNotFoundException";
    var _CO = "ContainerOverride";
    var _COo = "ContainerOverrides";
    var _CP = "CapacityProvider";
    var _CPS = "CapacityProviderStrategy";
    var _CPSI = "CapacityProviderStrategyItem";
    var _CPa = "CapacityProviders";
    var _CRP = "ContainerRestartPolicy";
    var _CRR = "CapacityReservationRequest";
    var _CS = "ClusterSetting";
    var _CSC = "ContainerStateChange";
    var _CSCD = "ClusterServiceConnectDefaults";
    var _CSCDR = "ClusterServiceConnectDefaultsRequest";
    var _CSCo = "ContainerStateChanges";
    var _CSD = "ContinueServiceDeployment";
    var _CSDR = "ContinueServiceDeploymentRequest";
    var _CSDRo = "ContinueServiceDeploymentResponse";
    var _CSR = "CreateServiceRequest";
    var _CSRr = "CreateServiceResponse";
    var _CSl = "ClusterSettings";
    var _CSr = "CreateService";
    var _CTS = "CreateTaskSet";
    var _CTSR = "CreateTaskSetRequest";
    var _CTSRr = "CreateTaskSetResponse";
    var _Cl = "Clusters";
    var _Co = "Container";
    var _Con = "Containers";
    var _D = "Deployment";
    var _DA = "DeploymentAlarms";
    var _DAC = "DaemonAlarmConfiguration";
    var _DAR = "DeleteAttributesRequest";
    var _DARe = "DeleteAttributesResponse";
    var _DAS = "DeleteAccountSetting";
    var _DASR = "DeleteAccountSettingRequest";
    var _DASRe = "DeleteAccountSettingResponse";
    var _DAe = "DeleteAttributes";
    var _DC = "DeploymentConfiguration";
    var _DCB = "DaemonCircuitBreaker";
    var _DCBe = "DeploymentCircuitBreaker";
    var _DCD = "DaemonContainerDefinition";
    var _DCDL = "DaemonContainerDefinitionList";
    var _DCI = "DaemonContainerImage";
    var _DCIR = "DeregisterContainerInstanceRequest";
    var _DCIRe = "DeregisterContainerInstanceResponse";
    var _DCIRes = "DescribeContainerInstancesRequest";
    var _DCIResc = "DescribeContainerInstancesResponse";
    var _DCIa = "DaemonContainerImages";
    var _DCIe = "DeregisterContainerInstance";
    var _DCIes = "DescribeContainerInstances";
    var _DCP = "DaemonCapacityProvider";
    var _DCPL = "DaemonCapacityProviderList";
    var _DCPR = "DeleteCapacityProviderRequest";
    var _DCPRe = "DeleteCapacityProviderResponse";
    var _DCPRes = "DescribeCapacityProvidersRequest";
    var _DCPResc = "DescribeCapacityProvidersResponse";
    var _DCPe = "DeleteCapacityProvider";
    var _DCPes = "DescribeCapacityProviders";
    var _DCR = "DeleteClusterRequest";
    var _DCRe = "DeleteClusterResponse";
    var _DCRes = "DescribeClustersRequest";
    var _DCResc = "DescribeClustersResponse";
    var _DCe = "DeploymentController";
    var _DCel = "DeleteCluster";
    var _DCes = "DescribeClusters";
    var _DD = "DaemonDeployment";
    var _DDA = "DaemonDeploymentAlarms";
    var _DDC = "DaemonDeploymentConfiguration";
    var _DDCP = "DaemonDeploymentCapacityProvider";
    var _DDCPL = "DaemonDeploymentCapacityProviderList";
    var _DDD = "DescribeDaemonDeployments";
    var _DDDR = "DescribeDaemonDeploymentsRequest";
    var _DDDRe = "DescribeDaemonDeploymentsResponse";
    var _DDL = "DaemonDeploymentList";
    var _DDR = "DeleteDaemonRequest";
    var _DDRD = "DaemonDeploymentRevisionDetail";
    var _DDRDL = "DaemonDeploymentRevisionDetailList";
    var _DDRR = "DescribeDaemonRevisionsRequest";
    var _DDRRe = "DescribeDaemonRevisionsResponse";
    var _DDRe = "DeleteDaemonResponse";
    var _DDRes = "DescribeDaemonRequest";
    var _DDResc = "DescribeDaemonResponse";
    var _DDRescr = "DescribeDaemonRevisions";
    var _DDS = "DaemonDeploymentSummary";
    var _DDSL = "DaemonDeploymentSummaryList";
    var _DDTD = "DeleteDaemonTaskDefinition";
    var _DDTDR = "DeleteDaemonTaskDefinitionRequest";
    var _DDTDRe = "DeleteDaemonTaskDefinitionResponse";
    var _DDTDRes = "DescribeDaemonTaskDefinitionRequest";
    var _DDTDResc = "DescribeDaemonTaskDefinitionResponse";
    var _DDTDe = "DescribeDaemonTaskDefinition";
    var _DDa = "DaemonDetail";
    var _DDe = "DeleteDaemon";
    var _DDes = "DescribeDaemon";
    var _DEGS = "DeleteExpressGatewayService";
    var _DEGSR = "DeleteExpressGatewayServiceRequest";
    var _DEGSRe = "DeleteExpressGatewayServiceResponse";
    var _DEGSRes = "DescribeExpressGatewayServiceRequest";
    var _DEGSResc = "DescribeExpressGatewayServiceResponse";
    var _DEGSe = "DescribeExpressGatewayService";
    var _DES = "DeploymentEphemeralStorage";
    var _DESC = "DeploymentEarlySuccessCriteria";
    var _DG = "DeleteGateway";
    var _DGAC = "DescribeGatewayAlbConfiguration";
    var _DGC = "DescribeGatewayConfiguration";
    var _DGFC = "DisassociateGatewayFromCluster";
    var _DGFCR = "DisassociateGatewayFromClusterRequest";
    var _DGFCRi = "DisassociateGatewayFromClusterResponse";
    var _DGR = "DeleteGatewayRequest";
    var _DGRR = "DescribeGatewayResourcesRequest";
    var _DGRRe = "DescribeGatewayResourcesResponse";
    var _DGRRes = "DescribeGatewayRouteRequest";
    var _DGRResc = "DescribeGatewayRouteResponse";
    var _DGRe = "DeleteGatewayResponse";
    var _DGRes = "DescribeGatewayRequest";
    var _DGResc = "DescribeGatewayResponse";
    var _DGRescr = "DescribeGatewayResources";
    var _DGRescri = "DescribeGatewayRoute";
    var _DGe = "DescribeGateway";
    var _DL = "DevicesList";
    var _DLH = "DeploymentLifecycleHook";
    var _DLHD = "DeploymentLifecycleHookDetail";
    var _DLHDL = "DeploymentLifecycleHookDetailList";
    var _DLHL = "DeploymentLifecycleHookList";
    var _DLHTC = "DeploymentLifecycleHookTimeoutConfiguration";
    var _DLP = "DaemonLinuxParameters";
    var _DNAE = "DaemonNotActiveException";
    var _DNFE = "DaemonNotFoundException";
    var _DPE = "DiscoverPollEndpoint";
    var _DPER = "DiscoverPollEndpointRequest";
    var _DPERi = "DiscoverPollEndpointResponse";
    var _DR = "DaemonRevision";
    var _DRD = "DaemonRevisionDetail";
    var _DRDL = "DaemonRevisionDetailList";
    var _DRa = "DaemonRollback";
    var _DRae = "DaemonRevisions";
    var _DS = "DaemonSummary";
    var _DSD = "DescribeServiceDeployments";
    var _DSDR = "DescribeServiceDeploymentsRequest";
    var _DSDRe = "DescribeServiceDeploymentsResponse";
    var _DSL = "DaemonSummariesList";
    var _DSR = "DeleteServiceRequest";
    var _DSRR = "DescribeServiceRevisionsRequest";
    var _DSRRe = "DescribeServiceRevisionsResponse";
    var _DSRe = "DeleteServiceResponse";
    var _DSRes = "DescribeServicesRequest";
    var _DSResc = "DescribeServicesResponse";
    var _DSRescr = "DescribeServiceRevisions";
    var _DSe = "DeleteService";
    var _DSes = "DescribeServices";
    var _DT = "DescribeTasks";
    var _DTD = "DaemonTaskDefinition";
    var _DTDR = "DeleteTaskDefinitionsRequest";
    var _DTDRe = "DeleteTaskDefinitionsResponse";
    var _DTDRer = "DeregisterTaskDefinitionRequest";
    var _DTDRere = "DeregisterTaskDefinitionResponse";
    var _DTDRes = "DescribeTaskDefinitionRequest";
    var _DTDResc = "DescribeTaskDefinitionResponse";
    var _DTDS = "DaemonTaskDefinitionSummary";
    var _DTDSa = "DaemonTaskDefinitionSummaries";
    var _DTDe = "DeleteTaskDefinitions";
    var _DTDer = "DeregisterTaskDefinition";
    var _DTDes = "DescribeTaskDefinition";
    var _DTR = "DescribeTasksRequest";
    var _DTRe = "DescribeTasksResponse";
    var _DTS = "DeleteTaskSet";
    var _DTSR = "DeleteTaskSetRequest";
    var _DTSRe = "DeleteTaskSetResponse";
    var _DTSRes = "DescribeTaskSetsRequest";
    var _DTSResc = "DescribeTaskSetsResponse";
    var _DTSe = "DescribeTaskSets";
    var _DV = "DaemonVolume";
    var _DVC = "DockerVolumeConfiguration";
    var _DVL = "DaemonVolumeList";
    var _De = "Device";
    var _Dep = "Deployments";
    var _EBSTS = "EBSTagSpecification";
    var _EBSTSa = "EBSTagSpecifications";
    var _EC = "ExecuteCommand";
    var _ECC = "ExecuteCommandConfiguration";
    var _ECLC = "ExecuteCommandLogConfiguration";
    var _ECR = "ExecuteCommandRequest";
    var _ECRx = "ExecuteCommandResponse";
    var _ECSEGS = "ECSExpressGatewayService";
    var _ECSMR = "ECSManagedResources";
    var _EF = "EnvironmentFile";
    var _EFSAC = "EFSAuthorizationConfig";
    var _EFSVC = "EFSVolumeConfiguration";
    var _EFn = "EnvironmentFiles";
    var _EGC = "ExpressGatewayContainer";
    var _EGR = "ElbGatewayResources";
    var _EGRC = "ExpressGatewayRepositoryCredentials";
    var _EGRL = "ElbGatewayResourcesList";
    var _EGSALC = "ExpressGatewayServiceAwsLogsConfiguration";
    var _EGSC = "ExpressGatewayServiceConfiguration";
    var _EGSCx = "ExpressGatewayServiceConfigurations";
    var _EGSNC = "ExpressGatewayServiceNetworkConfiguration";
    var _EGSS = "ExpressGatewayServiceStatus";
    var _EGST = "ExpressGatewayScalingTarget";
    var _EIT = "ExcludedInstanceType";
    var _EITS = "ExcludedInstanceTypeSet";
    var _ES = "EphemeralStorage";
    var _EV = "EnvironmentVariables";
    var _F = "Failure";
    var _FC = "FirelensConfiguration";
    var _FSWFSAC = "FSxWindowsFileServerAuthorizationConfig";
    var _FSWFSVC = "FSxWindowsFileServerVolumeConfiguration";
    var _Fa = "Failures";
    var _G = "Gateway";
    var _GATTR = "GatewayAlbTestTrafficRules";
    var _GC = "GatewayConnection";
    var _GCAR = "GatewayConnectionAlbResources";
    var _GCARL = "GatewayConnectionAlbResourcesList";
    var _GCAS = "GatewayClusterAssociationSummary";
    var _GCASL = "GatewayClusterAssociationSummaryList";
    var _GCF = "GatewayConnectorFilters";
    var _GCHC = "GatewayConnectorHealthCheck";
    var _GCHCM = "GatewayConnectorHealthCheckMatcher";
    var _GCL = "GatewayConnectionList";
    var _GCLa = "GatewayConnectorList";
    var _GCR = "GatewayConnectionResources";
    var _GCa = "GatewayConnector";
    var _GCat = "GatewayConfiguration";
    var _GD = "GpuDevice";
    var _GDp = "GpuDevices";
    var _GEALC = "GatewayElbAccessLogConfiguration";
    var _GEALD = "GatewayElbAccessLogDestination";
    var _GEALSD = "GatewayElbAccessLogS3Destination";
    var _GENC = "GatewayElbNetworkConfiguration";
    var _GIR = "GatewayInfrastructureResources";
    var _GNFE = "GatewayNotFoundException";
    var _GOE = "GatewayOperationError";
    var _GOEL = "GatewayOperationErrorList";
    var _GR = "GatewayResources";
    var _GRAR = "GatewayRouteAlbResources";
    var _GRARL = "GatewayRouteAlbResourcesList";
    var _GRF = "GatewayResourceFailure";
    var _GRFL = "GatewayResourceFailureList";
    var _GRLBSG = "GatewayRouteLoadBalancerSecurityGroup";
    var _GRLBSGL = "GatewayRouteLoadBalancerSecurityGroupList";
    var _GRR = "GatewayRouteResources";
    var _GRS = "GatewayRouteSummary";
    var _GRSL = "GatewayRouteSummaryList";
    var _GRa = "GatewayRoute";
    var _GS = "GatewaySummary";
    var _GSL = "GatewaySummaryList";
    var _GTP = "GetTaskProtection";
    var _GTPR = "GetTaskProtectionRequest";
    var _GTPRe = "GetTaskProtectionResponse";
    var _GTTH = "GatewayTestTrafficHeader";
    var _HC = "HealthCheck";
    var _HE = "HostEntry";
    var _HEL = "HostEntryList";
    var _HSAC = "HostSharedAlbConfiguration";
    var _HVP = "HostVolumeProperties";
    var _IA = "InferenceAccelerator";
    var _IAO = "InferenceAcceleratorOverride";
    var _IAOn = "InferenceAcceleratorOverrides";
    var _IAn = "InferenceAccelerators";
    var _IG = "InstanceGeneration";
    var _IGS = "InstanceGenerationSet";
    var _IHCR = "InstanceHealthCheckResult";
    var _IHCRL = "InstanceHealthCheckResultList";
    var _ILT = "InstanceLaunchTemplate";
    var _ILTU = "InstanceLaunchTemplateUpdate";
    var _IO = "InfrastructureOptimization";
    var _IPE = "InvalidParameterException";
    var _IPS = "IngressPathSummary";
    var _IPSn = "IngressPathSummaries";
    var _IRR = "InstanceRequirementsRequest";
    var _KC = "KernelCapabilities";
    var _KVP = "KeyValuePair";
    var _LA = "ListAttributes";
    var _LAR = "ListAttributesRequest";
    var _LARi = "ListAttributesResponse";
    var _LAS = "ListAccountSettings";
    var _LASR = "ListAccountSettingsRequest";
    var _LASRi = "ListAccountSettingsResponse";
    var _LB = "LoadBalancer";
    var _LBo = "LoadBalancers";
    var _LC = "LinearConfiguration";
    var _LCI = "ListContainerInstances";
    var _LCIR = "ListContainerInstancesRequest";
    var _LCIRi = "ListContainerInstancesResponse";
    var _LCR = "ListClustersRequest";
    var _LCRi = "ListClustersResponse";
    var _LCi = "ListClusters";
    var _LCo = "LogConfiguration";
    var _LD = "ListDaemons";
    var _LDD = "ListDaemonDeployments";
    var _LDDR = "ListDaemonDeploymentsRequest";
    var _LDDRi = "ListDaemonDeploymentsResponse";
    var _LDR = "ListDaemonsRequest";
    var _LDRi = "ListDaemonsResponse";
    var _LDTD = "ListDaemonTaskDefinitions";
    var _LDTDR = "ListDaemonTaskDefinitionsRequest";
    var _LDTDRi = "ListDaemonTaskDefinitionsResponse";
    var _LDVC = "LogDriverVolumeConfiguration";
    var _LEE = "LimitExceededException";
    var _LG = "ListGateways";
    var _LGCA = "ListGatewayClusterAssociations";
    var _LGCAR = "ListGatewayClusterAssociationsRequest";
    var _LGCARi = "ListGatewayClusterAssociationsResponse";
    var _LGR = "ListGatewaysRequest";
    var _LGRR = "ListGatewayRoutesRequest";
    var _LGRRi = "ListGatewayRoutesResponse";
    var _LGRi = "ListGatewaysResponse";
    var _LGRis = "ListGatewayRoutes";
    var _LP = "LinuxParameters";
    var _LS = "ListServices";
    var _LSBN = "ListServicesByNamespace";
    var _LSBNR = "ListServicesByNamespaceRequest";
    var _LSBNRi = "ListServicesByNamespaceResponse";
    var _LSD = "ListServiceDeployments";
    var _LSDR = "ListServiceDeploymentsRequest";
    var _LSDRi = "ListServiceDeploymentsResponse";
    var _LSR = "ListServicesRequest";
    var _LSRi = "ListServicesResponse";
    var _LST = "LocalStorageType";
    var _LSTS = "LocalStorageTypeSet";
    var _LT = "ListTasks";
    var _LTD = "ListTaskDefinitions";
    var _LTDF = "ListTaskDefinitionFamilies";
    var _LTDFR = "ListTaskDefinitionFamiliesRequest";
    var _LTDFRi = "ListTaskDefinitionFamiliesResponse";
    var _LTDR = "ListTaskDefinitionsRequest";
    var _LTDRi = "ListTaskDefinitionsResponse";
    var _LTFR = "ListTagsForResource";
    var _LTFRR = "ListTagsForResourceRequest";
    var _LTFRRi = "ListTagsForResourceResponse";
    var _LTR = "ListTasksRequest";
    var _LTRi = "ListTasksResponse";
    var _MA = "ManagedAgent";
    var _MAASP = "ManagedApplicationAutoScalingPolicy";
    var _MAASPa = "ManagedApplicationAutoScalingPolicies";
    var _MAS = "ManagedAutoScaling";
    var _MASC = "ManagedAgentStateChange";
    var _MASCa = "ManagedAgentStateChanges";
    var _MAa = "ManagedAgents";
    var _MC = "ManagedCertificate";
    var _MCL = "MetricConfigurationList";
    var _MCe = "MetricConfiguration";
    var _MCo = "MonitoringConfiguration";
    var _MGBPVCR = "MemoryGiBPerVCpuRequest";
    var _MILSC = "ManagedInstancesLocalStorageConfiguration";
    var _MINC = "ManagedInstancesNetworkConfiguration";
    var _MIP = "ManagedIngressPath";
    var _MIPa = "ManagedInstancesProvider";
    var _MIPan = "ManagedIngressPaths";
    var _MISC = "ManagedInstancesStorageConfiguration";
    var _ML = "ManagedListener";
    var _MLB = "ManagedLoadBalancer";
    var _MLG = "ManagedLogGroup";
    var _MLGa = "ManagedLogGroups";
    var _MLR = "ManagedListenerRule";
    var _MMA = "ManagedMetricAlarm";
    var _MMAa = "ManagedMetricAlarms";
    var _MMBR = "MemoryMiBRequest";
    var _MP = "MountPoint";
    var _MPL = "MountPointList";
    var _MS = "ManagedScaling";
    var _MSC = "ManagedStorageConfiguration";
    var _MSG = "ManagedSecurityGroup";
    var _MSGa = "ManagedSecurityGroups";
    var _MST = "ManagedScalableTarget";
    var _MTG = "ManagedTargetGroup";
    var _MTGa = "ManagedTargetGroups";
    var _MVE = "MissingVersionException";
    var _NB = "NetworkBinding";
    var _NBGR = "NetworkBandwidthGbpsRequest";
    var _NBe = "NetworkBindings";
    var _NC = "NetworkConfiguration";
    var _NI = "NetworkInterface";
    var _NICR = "NetworkInterfaceCountRequest";
    var _NIe = "NetworkInterfaces";
    var _NMA = "NvidiaMpsAllocation";
    var _NNFE = "NamespaceNotFoundException";
    var _NUAE = "NoUpdateAvailableException";
    var _PA = "PutAttributes";
    var _PAR = "PutAttributesRequest";
    var _PARu = "PutAttributesResponse";
    var _PAS = "PutAccountSetting";
    var _PASD = "PutAccountSettingDefault";
    var _PASDR = "PutAccountSettingDefaultRequest";
    var _PASDRu = "PutAccountSettingDefaultResponse";
    var _PASR = "PutAccountSettingRequest";
    var _PASRu = "PutAccountSettingResponse";
    var _PC = "PlacementConstraint";
    var _PCCP = "PutClusterCapacityProviders";
    var _PCCPR = "PutClusterCapacityProvidersRequest";
    var _PCCPRu = "PutClusterCapacityProvidersResponse";
    var _PCP = "ProxyConfigurationProperties";
    var _PCl = "PlacementConstraints";
    var _PCr = "ProxyConfiguration";
    var _PD = "PlatformDevice";
    var _PDl = "PlatformDevices";
    var _PM = "PortMapping";
    var _PML = "PortMappingList";
    var _PS = "PlacementStrategy";
    var _PSl = "PlacementStrategies";
    var _PT = "ProtectedTask";
    var _PTDIE = "PlatformTaskDefinitionIncompatibilityException";
    var _PTr = "ProtectedTasks";
    var _PUE = "PlatformUnknownException";
    var _R = "Resource";
    var _RA = "RequiresAttributes";
    var _RC = "RepositoryCredentials";
    var _RCI = "RegisterContainerInstance";
    var _RCIR = "RegisterContainerInstanceRequest";
    var _RCIRe = "RegisterContainerInstanceResponse";
    var _RCe = "ResolvedConfiguration";
    var _RDTD = "RegisterDaemonTaskDefinition";
    var _RDTDR = "RegisterDaemonTaskDefinitionRequest";
    var _RDTDRe = "RegisterDaemonTaskDefinitionResponse";
    var _RIUE = "ResourceInUseException";
    var _RNFE = "ResourceNotFoundException";
    var _RP = "RuntimePlatform";
    var _RPO = "RuntimePlatformOverride";
    var _RR = "ResourceRequirement";
    var _RRe = "ResourceRequirements";
    var _RT = "RunTask";
    var _RTD = "RegisterTaskDefinition";
    var _RTDR = "RegisterTaskDefinitionRequest";
    var _RTDRe = "RegisterTaskDefinitionResponse";
    var _RTR = "RunTaskRequest";
    var _RTRu = "RunTaskResponse";
    var _Re = "Resources";
    var _Ro = "Rollback";
    var _S = "Scale";
    var _SASC = "SubmitAttachmentStateChanges";
    var _SASCR = "SubmitAttachmentStateChangesRequest";
    var _SASCRu = "SubmitAttachmentStateChangesResponse";
    var _SC = "SystemControl";
    var _SCALC = "ServiceConnectAccessLogConfiguration";
    var _SCC = "ServiceConnectConfiguration";
    var _SCCA = "ServiceConnectClientAlias";
    var _SCCAL = "ServiceConnectClientAliasList";
    var _SCCC = "ServiceConnectContainerConfigurations";
    var _SCCCe = "ServiceConnectContainerConfiguration";
    var _SCRS = "ServiceCurrentRevisionSummary";
    var _SCRSL = "ServiceCurrentRevisionSummaryList";
    var _SCS = "ServiceConnectService";
    var _SCSC = "SubmitContainerStateChange";
    var _SCSCR = "SubmitContainerStateChangeRequest";
    var _SCSCRu = "SubmitContainerStateChangeResponse";
    var _SCSL = "ServiceConnectServiceList";
    var _SCSR = "ServiceConnectServiceResource";
    var _SCSRL = "ServiceConnectServiceResourceList";
    var _SCTC = "ServiceConnectTlsConfiguration";
    var _SCTCA = "ServiceConnectTlsCertificateAuthority";
    var _SCTTHMR = "ServiceConnectTestTrafficHeaderMatchRules";
    var _SCTTHR = "ServiceConnectTestTrafficHeaderRules";
    var _SCTTR = "ServiceConnectTestTrafficRules";
    var _SCy = "SystemControls";
    var _SD = "ServiceDeployment";
    var _SDA = "ServiceDeploymentAlarms";
    var _SDB = "ServiceDeploymentBrief";
    var _SDBe = "ServiceDeploymentsBrief";
    var _SDCB = "ServiceDeploymentCircuitBreaker";
    var _SDNFE = "ServiceDeploymentNotFoundException";
    var _SDe = "ServiceDeployments";
    var _SE = "ServerException";
    var _SEe = "ServiceEvent";
    var _SEer = "ServiceEvents";
    var _SFVC = "S3FilesVolumeConfiguration";
    var _SL = "SecretList";
    var _SMEBSVC = "ServiceManagedEBSVolumeConfiguration";
    var _SNAE = "ServiceNotActiveException";
    var _SNFE = "ServiceNotFoundException";
    var _SR = "ServiceRegistry";
    var _SRLB = "ServiceRevisionLoadBalancer";
    var _SRLBe = "ServiceRevisionLoadBalancers";
    var _SRO = "ServiceRevisionOverrides";
    var _SRS = "ServiceRevisionSummary";
    var _SRSL = "ServiceRevisionsSummaryList";
    var _SRVLC = "ServiceRevisionVpcLatticeConfiguration";
    var _SRVLCe = "ServiceRevisionVpcLatticeConfigurations";
    var _SRe = "ServiceRevision";
    var _SRer = "ServiceRegistries";
    var _SRerv = "ServiceRevisions";
    var _SS = "SensitiveString";
    var _SSD = "StopServiceDeployment";
    var _SSDR = "StopServiceDeploymentRequest";
    var _SSDRt = "StopServiceDeploymentResponse";
    var _SSh = "SharingStrategy";
    var _ST = "StartTask";
    var _STR = "StartTaskRequest";
    var _STRt = "StartTaskResponse";
    var _STRto = "StopTaskRequest";
    var _STRtop = "StopTaskResponse";
    var _STSC = "SubmitTaskStateChange";
    var _STSCR = "SubmitTaskStateChangeRequest";
    var _STSCRu = "SubmitTaskStateChangeResponse";
    var _STt = "StopTask";
    var _SVC = "ServiceVolumeConfiguration";
    var _SVCe = "ServiceVolumeConfigurations";
    var _Se = "Secret";
    var _Ser = "Service";
    var _Serv = "Services";
    var _Ses = "Session";
    var _Set = "Setting";
    var _Sett = "Settings";
    var _St = "Statistics";
    var _T = "Tag";
    var _TC = "ThresholdConfiguration";
    var _TCi = "TimeoutConfiguration";
    var _TD = "TaskDefinition";
    var _TDL = "TaskDefinitionList";
    var _TDPC = "TaskDefinitionPlacementConstraint";
    var _TDPCa = "TaskDefinitionPlacementConstraints";
    var _TES = "TaskEphemeralStorage";
    var _TL = "TmpfsList";
    var _TLSGBR = "TotalLocalStorageGBRequest";
    var _TMEBSVC = "TaskManagedEBSVolumeConfiguration";
    var _TMEBSVTP = "TaskManagedEBSVolumeTerminationPolicy";
    var _TNCE = "TargetNotConnectedException";
    var _TNFE = "TargetNotFoundException";
    var _TO = "TaskOverride";
    var _TR = "TagResource";
    var _TRR = "TagResourceRequest";
    var _TRRa = "TagResourceResponse";
    var _TS = "TaskSet";
    var _TSNFE = "TaskSetNotFoundException";
    var _TSa = "TaskSets";
    var _TVC = "TaskVolumeConfiguration";
    var _TVCa = "TaskVolumeConfigurations";
    var _Ta = "Task";
    var _Tag = "Tags";
    var _Tas = "Tasks";
    var _Tm = "Tmpfs";
    var _U = "Ulimit";
    var _UC = "UpdateCluster";
    var _UCA = "UpdateContainerAgent";
    var _UCAR = "UpdateContainerAgentRequest";
    var _UCARp = "UpdateContainerAgentResponse";
    var _UCIS = "UpdateContainerInstancesState";
    var _UCISR = "UpdateContainerInstancesStateRequest";
    var _UCISRp = "UpdateContainerInstancesStateResponse";
    var _UCP = "UpdateCapacityProvider";
    var _UCPR = "UpdateCapacityProviderRequest";
    var _UCPRp = "UpdateCapacityProviderResponse";
    var _UCR = "UpdateClusterRequest";
    var _UCRp = "UpdateClusterResponse";
    var _UCS = "UpdateClusterSettings";
    var _UCSR = "UpdateClusterSettingsRequest";
    var _UCSRp = "UpdateClusterSettingsResponse";
    var _UD = "UpdateDaemon";
    var _UDR = "UpdateDaemonRequest";
    var _UDRp = "UpdateDaemonResponse";
    var _UEGS = "UpdatedExpressGatewayService";
    var _UEGSR = "UpdateExpressGatewayServiceRequest";
    var _UEGSRp = "UpdateExpressGatewayServiceResponse";
    var _UEGSp = "UpdateExpressGatewayService";
    var _UFE = "UnsupportedFeatureException";
    var _UG = "UpdateGateway";
    var _UGAC = "UpdateGatewayAlbConfiguration";
    var _UGC = "UpdateGatewayConfiguration";
    var _UGNC = "UpdateGatewayNetworkConfiguration";
    var _UGR = "UpdateGatewayRequest";
    var _UGRp = "UpdateGatewayResponse";
    var _UIPE = "UpdateInProgressException";
    var _UL = "UlimitList";
    var _UMIPC = "UpdateManagedInstancesProviderConfiguration";
    var _UR = "UntagResource";
    var _URR = "UntagResourceRequest";
    var _URRn = "UntagResourceResponse";
    var _US = "UpdateService";
    var _USPTS = "UpdateServicePrimaryTaskSet";
    var _USPTSR = "UpdateServicePrimaryTaskSetRequest";
    var _USPTSRp = "UpdateServicePrimaryTaskSetResponse";
    var _USR = "UpdateServiceRequest";
    var _USRp = "UpdateServiceResponse";
    var _UTP = "UpdateTaskProtection";
    var _UTPR = "UpdateTaskProtectionRequest";
    var _UTPRp = "UpdateTaskProtectionResponse";
    var _UTS = "UpdateTaskSet";
    var _UTSR = "UpdateTaskSetRequest";
    var _UTSRp = "UpdateTaskSetResponse";
    var _V = "Volume";
    var _VCCRR = "VCpuCountRangeRequest";
    var _VF = "VolumeFrom";
    var _VFL = "VolumeFromList";
    var _VI = "VersionInfo";
    var _VL = "VolumeList";
    var _VLAC = "VpcLatticeAdvancedConfiguration";
    var _VLC = "VpcLatticeConfiguration";
    var _VLCp = "VpcLatticeConfigurations";
    var _a = "attachments";
    var _aA = "attachmentArn";
    var _aASP = "applicationAutoScalingPolicies";
    var _aC = "agentConnected";
    var _aCA = "acmCertificateArn";
    var _aCc = "activeConfigurations";
    var _aCcc = "acceleratorCount";
    var _aCd = "advancedConfiguration";
    var _aCu = "authorizationConfig";
    var _aCw = "awsvpcConfiguration";
    var _aH = "agentHash";
    var _aI = "attachmentId";
    var _aIT = "allowedInstanceTypes";
    var _aL = "accessLogs";
    var _aLC = "awsLogsConfiguration";
    var _aLCc = "accessLogConfiguration";
    var _aM = "acceleratorManufacturers";
    var _aN = "alarmNames";
    var _aNc = "acceleratorNames";
    var _aNt = "attributeName";
    var _aP = "appProtocol";
    var _aPA = "accessPointArn";
    var _aPAA = "awsPcaAuthorityArn";
    var _aPI = "assignPublicIp";
    var _aPIc = "accessPointId";
    var _aRC = "autoRepairConfiguration";
    var _aS = "actionsStatus";
    var _aSC = "activeServicesCount";
    var _aSGA = "autoScalingGroupArn";
    var _aSGP = "autoScalingGroupProvider";
    var _aSM = "autoScalingMetric";
    var _aSTV = "autoScalingTargetValue";
    var _aSt = "attachmentsStatus";
    var _aSu = "autoScaling";
    var _aT = "accessType";
    var _aTGA = "alternateTargetGroupArn";
    var _aTMMB = "acceleratorTotalMemoryMiB";
    var _aTc = "accessTypes";
    var _aTcc = "acceleratorTypes";
    var _aUS = "agentUpdateStatus";
    var _aV = "attributeValue";
    var _aVg = "agentVersion";
    var _aZ = "availabilityZone";
    var _aZR = "availabilityZoneRebalancing";
    var _ac = "action";
    var _ack = "acknowledgment";
    var _ad = "add";
    var _af = "after";
    var _al = "alarms";
    var _ar = "arn";
    var _at = "attributes";
    var _au = "autoprovision";
    var _b = "base";
    var _bEBM = "baselineEbsBandwidthMbps";
    var _bIP = "bindIP";
    var _bM = "bareMetal";
    var _bP = "burstablePerformance";
    var _bTIM = "bakeTimeInMinutes";
    var _be = "before";
    var _bu = "bucket";
    var _c = "client";
    var _cA = "clusterArn";
    var _cAC = "currentAlbCount";
    var _cAL = "configuredAtLaunch";
    var _cAl = "clusterArns";
    var _cAli = "clientAliases";
    var _cAo = "containerArn";
    var _cAon = "connectivityAt";
    var _cAp = "cpuArchitecture";
    var _cAr = "createdAt";
    var _cB = "circuitBreaker";
    var _cBTIM = "canaryBakeTimeInMinutes";
    var _cBr = "createdBy";
    var _cC = "canaryConfiguration";
    var _cCo = "containerCount";
    var _cCon = "containerConfigurations";
    var _cD = "containerDefinitions";
    var _cDC = "computedDesiredCount";
    var _cDu = "currentDeployment";
    var _cI = "containerImages";
    var _cIA = "containerInstanceArn";
    var _cIAo = "containerInstanceArns";
    var _cIo = "containerInstance";
    var _cIon = "containerInstances";
    var _cM = "cpuManufacturers";
    var _cN = "clusterName";
    var _cNo = "containerName";
    var _cO = "containerOverrides";
    var _cOT = "capacityOptionType";
    var _cP = "canaryPercent";
    var _cPA = "capacityProviderArn";
    var _cPAa = "capacityProviderArns";
    var _cPN = "capacityProviderName";
    var _cPR = "containerPortRange";
    var _cPS = "capacityProviderStrategy";
    var _cPa = "capacityProvider";
    var _cPap = "capacityProviders";
    var _cPo = "containerPath";
    var _cPon = "containerPort";
    var _cPr = "credentialsParameter";
    var _cR = "currentRevisions";
    var _cRa = "capacityReservations";
    var _cS = "credentialSpecs";
    var _cSD = "currentServiceDeployment";
    var _cSR = "currentServiceRevisions";
    var _cT = "clientToken";
    var _cWEE = "cloudWatchEncryptionEnabled";
    var _cWLGN = "cloudWatchLogGroupName";
    var _ca = "capabilities";
    var _ce = "certificate";
    var _cl = "cluster";
    var _clu = "clusters";
    var _co = "configuration";
    var _cod = "code";
    var _com = "command";
    var _comp = "compatibilities";
    var _con = "condition";
    var _conn = "connectivity";
    var _cont = "container";
    var _conta = "containers";
    var _cou = "count";
    var _cp = "cpu";
    var _cr = "critical";
    var _d = "details";
    var _dA = "daemonArn";
    var _dAe = "deploymentArn";
    var _dAer = "deregisteredAt";
    var _dAi = "discoveryArn";
    var _dC = "deploymentConfiguration";
    var _dCB = "deploymentCircuitBreaker";
    var _dCPS = "defaultCapacityProviderStrategy";
    var _dCe = "desiredCount";
    var _dCep = "deploymentController";
    var _dD = "daemonDeployments";
    var _dDA = "daemonDeploymentArn";
    var _dDAa = "daemonDeploymentArns";
    var _dIC = "drainingInstanceCount";
    var _dL = "dockerLabels";
    var _dN = "disableNetworking";
    var _dNa = "daemonName";
    var _dNe = "deviceName";
    var _dNi = "discoveryName";
    var _dNn = "dnsName";
    var _dNo = "domainName";
    var _dO = "dependsOn";
    var _dOT = "deleteOnTermination";
    var _dOr = "driverOpts";
    var _dP = "deletionProtection";
    var _dPr = "drainPercent";
    var _dR = "daemonRevisions";
    var _dRA = "daemonRevisionArn";
    var _dRAa = "daemonRevisionArns";
    var _dRAe = "deleteRequestedAt";
    var _dS = "dnsServers";
    var _dSD = "dnsSearchDomains";
    var _dSL = "daemonSummariesList";
    var _dSO = "dockerSecurityOptions";
    var _dSe = "desiredStatus";
    var _dT = "deviceType";
    var _dTD = "daemonTaskDefinition";
    var _dTDA = "daemonTaskDefinitionArn";
    var _dTDa = "daemonTaskDefinitions";
    var _dV = "doubleValue";
    var _dVC = "dockerVolumeConfiguration";
    var _dVo = "dockerVersion";
    var _da = "daemon";
    var _de = "devices";
    var _dep = "deployments";
    var _des = "destination";
    var _det = "detail";
    var _do = "domain";
    var _dr = "driver";
    var _dro = "drop";
    var _e = "error";
    var _eA = "expiresAt";
    var _eC = "exitCode";
    var _eCC = "executeCommandConfiguration";
    var _eD = "expirationDate";
    var _eEC = "enableExecuteCommand";
    var _eECSMT = "enableECSManagedTags";
    var _eF = "environmentFiles";
    var _eFI = "enableFaultInjection";
    var _eH = "extraHosts";
    var _eI = "externalId";
    var _eII = "ec2InstanceId";
    var _eIM = "expiresInMinutes";
    var _eIPA = "ec2InstanceProfileArn";
    var _eIT = "excludedInstanceTypes";
    var _eMR = "ecsManagedResources";
    var _eP = "entryPoint";
    var _eRA = "executionRoleArn";
    var _eS = "effectiveSettings";
    var _eSA = "executionStoppedAt";
    var _eSC = "earlySuccessCriteria";
    var _eSp = "ephemeralStorage";
    var _eVC = "efsVolumeConfiguration";
    var _en = "environment";
    var _ena = "enabled";
    var _enab = "enable";
    var _enc = "encrypted";
    var _end = "endpoint";
    var _er = "errors";
    var _es = "essential";
    var _ev = "events";
    var _ex = "expression";
    var _exa = "exact";
    var _f = "family";
    var _fA = "finishedAt";
    var _fC = "firelensConfiguration";
    var _fCa = "failureCount";
    var _fE = "fipsEnabled";
    var _fES = "fargateEphemeralStorage";
    var _fESKKI = "fargateEphemeralStorageKmsKeyId";
    var _fND = "forceNewDeployment";
    var _fP = "familyPrefix";
    var _fSA = "fileSystemArn";
    var _fSI = "fileSystemId";
    var _fT = "failedTasks";
    var _fTi = "filesystemType";
    var _fWFSVC = "fsxWindowsFileServerVolumeConfiguration";
    var _fa = "failures";
    var _fam = "families";
    var _fi = "filters";
    var _fie = "field";
    var _fil = "filter";
    var _fo = "force";
    var _for = "format";
    var _g = "gateway";
    var _gA = "gatewayArn";
    var _gC = "gatewayConnectors";
    var _gCA = "gatewayClusterAssociations";
    var _gCa = "gatewayConnections";
    var _gCr = "grpcCode";
    var _gD = "gpuDevices";
    var _gDE = "guardDutyEnabled";
    var _gI = "gpuIds";
    var _gIp = "gpuId";
    var _gR = "gatewayResources";
    var _gRA = "gatewayRouteArn";
    var _gRAa = "gatewayRouteArns";
    var _gRa = "gatewayRoute";
    var _gRat = "gatewayRoutes";
    var _gSS = "gpuSharingStrategy";
    var _ga = "gateways";
    var _gr = "group";
    var _h = "hostname";
    var _hC = "healthCheck";
    var _hCGPS = "healthCheckGracePeriodSeconds";
    var _hCIS = "healthCheckIntervalSeconds";
    var _hCP = "healthCheckPath";
    var _hCPe = "healthCheckProtocol";
    var _hCPea = "healthCheckPort";
    var _hCTS = "healthCheckTimeoutSeconds";
    var _hCt = "httpCode";
    var _hD = "hookDetails";
    var _hDt = "httpDesync";
    var _hE = "httpError";
    var _hI = "hookId";
    var _hL = "hardLimit";
    var _hP = "healthyPercent";
    var _hPR = "hostPortRange";
    var _hPo = "hostPath";
    var _hPos = "hostPort";
    var _hS = "healthStatus";
    var _hSA = "hostSharedAlb";
    var _hTA = "hookTargetArn";
    var _hTC = "healthyThresholdCount";
    var _he = "header";
    var _ho = "host";
    var _i = "id";
    var _iA = "ipAddress";
    var _iAO = "inferenceAcceleratorOverrides";
    var _iAT = "ipAddressType";
    var _iAn = "inferenceAccelerators";
    var _iAp = "ipv6Address";
    var _iCA = "issuerCertificateAuthority";
    var _iD = "imageDigest";
    var _iEC = "ignoredExitCodes";
    var _iG = "instanceGenerations";
    var _iID = "instanceIdentityDocument";
    var _iIDS = "instanceIdentityDocumentSignature";
    var _iLT = "instanceLaunchTemplate";
    var _iM = "ipcMode";
    var _iMTP = "instanceMetadataTagsPropagation";
    var _iO = "infrastructureOptimization";
    var _iP = "ingressPaths";
    var _iPE = "initProcessEnabled";
    var _iPO = "ingressPortOverride";
    var _iQP = "includeQueryParameters";
    var _iR = "instanceRequirements";
    var _iRA = "infrastructureRoleArn";
    var _iSG = "inboundSecurityGroup";
    var _iTS = "idleTimeoutSeconds";
    var _iV = "integerValue";
    var _iWP = "instanceWarmupPeriod";
    var _ia = "iam";
    var _im = "image";
    var _in = "interactive";
    var _inc = "include";
    var _int = "interval";
    var _io = "iops";
    var _it = "item";
    var _k = "key";
    var _kK = "kmsKey";
    var _kKI = "kmsKeyId";
    var _l = "links";
    var _lA = "listenerArn";
    var _lB = "loadBalancers";
    var _lBA = "loadBalancerArn";
    var _lBN = "loadBalancerName";
    var _lBSG = "loadBalancerSecurityGroups";
    var _lBSGA = "loadBalancerSecurityGroupArns";
    var _lBo = "loadBalancer";
    var _lC = "logConfiguration";
    var _lCi = "linearConfiguration";
    var _lD = "logDriver";
    var _lDVC = "logDriverVolumeConfiguration";
    var _lG = "logGroups";
    var _lGN = "logGroupName";
    var _lGo = "logGroup";
    var _lH = "lifecycleHooks";
    var _lHD = "lifecycleHookDetails";
    var _lL = "logLevel";
    var _lP = "linuxParameters";
    var _lRA = "listenerRuleArn";
    var _lS = "lastStatus";
    var _lSA = "lastStartedAt";
    var _lSC = "lastStatusChange";
    var _lSCo = "localStorageConfiguration";
    var _lSP = "logStreamPrefix";
    var _lST = "localStorageTypes";
    var _lSi = "lifecycleStages";
    var _lSif = "lifecycleStage";
    var _lSo = "localStorage";
    var _lT = "launchType";
    var _lU = "lastUpdated";
    var _lV = "longValue";
    var _la = "labels";
    var _li = "listener";
    var _lo = "logging";
    var _m = "message";
    var _mA = "managedAgents";
    var _mAC = "maxAlbCount";
    var _mAN = "managedAgentName";
    var _mAe = "metricAlarms";
    var _mC = "minCapacity";
    var _mCP = "maxComputePercent";
    var _mCa = "maxCapacity";
    var _mCe = "metricConfigurations";
    var _mD = "managedDraining";
    var _mEBSV = "managedEBSVolume";
    var _mGBPVC = "memoryGiBPerVCpu";
    var _mHP = "minimumHealthyPercent";
    var _mIP = "managedInstancesProvider";
    var _mMB = "memoryMiB";
    var _mN = "metricNames";
    var _mO = "mountOptions";
    var _mP = "mountPoints";
    var _mPa = "maximumPercent";
    var _mR = "memoryReservation";
    var _mRa = "maxResults";
    var _mS = "managedScaling";
    var _mSC = "managedStorageConfiguration";
    var _mSPAPOOODP = "maxSpotPriceAsPercentageOfOptimalOnDemandPrice";
    var _mSSS = "minimumScalingStepSize";
    var _mSSSa = "maximumScalingStepSize";
    var _mSa = "maxSwap";
    var _mTC = "minTaskCount";
    var _mTCa = "maxTaskCount";
    var _mTP = "managedTerminationProtection";
    var _ma = "max";
    var _mat = "matcher";
    var _me = "memory";
    var _met = "metric";
    var _mi = "min";
    var _mo = "monitoring";
    var _n = "name";
    var _nB = "networkBindings";
    var _nBG = "networkBandwidthGbps";
    var _nC = "networkConfiguration";
    var _nDI = "neuronDeviceIds";
    var _nI = "networkInterfaces";
    var _nIC = "networkInterfaceCount";
    var _nM = "networkMode";
    var _nMv = "nvidiaMps";
    var _nT = "nextToken";
    var _na = "namespace";
    var _nam = "names";
    var _o = "options";
    var _oDMPPOLP = "onDemandMaxPricePercentageOverLowestPrice";
    var _oS = "overallStatus";
    var _oSF = "operatingSystemFamily";
    var _op = "operation";
    var _ov = "overrides";
    var _p = "privileged";
    var _pA = "principalArn";
    var _pC = "primaryContainer";
    var _pCe = "pendingCount";
    var _pCl = "placementConstraints";
    var _pCr = "proxyConfiguration";
    var _pD = "platformDevices";
    var _pE = "protectionEnabled";
    var _pF = "platformFamily";
    var _pIA = "privateIpv4Address";
    var _pLR = "productionListenerRule";
    var _pM = "portMappings";
    var _pMi = "pidMode";
    var _pN = "portName";
    var _pRTS = "perRequestTimeoutSeconds";
    var _pS = "placementStrategy";
    var _pSA = "pullStartedAt";
    var _pSAu = "pullStoppedAt";
    var _pT = "pseudoTerminal";
    var _pTC = "pendingTasksCount";
    var _pTCe = "pendingTaskCount";
    var _pTS = "primaryTaskSet";
    var _pTo = "policyType";
    var _pTr = "propagateTags";
    var _pTro = "protectedTasks";
    var _pV = "platformVersion";
    var _pe = "permissions";
    var _po = "port";
    var _pr = "protocol";
    var _pre = "prefix";
    var _pro = "properties";
    var _r = "reason";
    var _rA = "roleArn";
    var _rAP = "restartAttemptPeriod";
    var _rAe = "registeredAt";
    var _rAeg = "registryArn";
    var _rAeq = "requiresAttributes";
    var _rAes = "resourceArn";
    var _rAu = "ruleArns";
    var _rB = "registeredBy";
    var _rC = "repositoryCredentials";
    var _rCIC = "registeredContainerInstancesCount";
    var _rCP = "rollbackCapacityProviders";
    var _rCe = "requiresCompatibilities";
    var _rCes = "resolvedConfiguration";
    var _rCu = "runningCount";
    var _rD = "rootDirectory";
    var _rGA = "reservationGroupArn";
    var _rHS = "requireHibernateSupport";
    var _rI = "resourceIds";
    var _rIC = "runningInstanceCount";
    var _rIe = "referenceId";
    var _rIu = "runtimeId";
    var _rMIMB = "remainingMemoryInMiB";
    var _rMT = "resourceManagementType";
    var _rO = "readOnly";
    var _rOHT = "resetOnHealthyTask";
    var _rP = "reservationPreference";
    var _rPTW = "requestedProductionTrafficWeight";
    var _rPe = "restartPolicy";
    var _rPu = "runtimePlatform";
    var _rR = "resourceRequirements";
    var _rRF = "readonlyRootFilesystem";
    var _rRe = "remainingResources";
    var _rReg = "registeredResources";
    var _rS = "rolloutState";
    var _rSR = "rolloutStateReason";
    var _rSe = "resolutionSeconds";
    var _rT = "resourceType";
    var _rTC = "runningTasksCount";
    var _rTCe = "requestedTaskCount";
    var _rTCu = "runningTaskCount";
    var _rTDRA = "rollbackTargetDaemonRevisionArn";
    var _rTTW = "requestedTestTrafficWeight";
    var _re = "revision";
    var _res = "resources";
    var _ret = "retries";
    var _ro = "role";
    var _rol = "rollback";
    var _ru = "rule";
    var _s = "smithy.ts.sdk.synthetic.com.amazonaws.ecs";
    var _sA = "startedAt";
    var _sAe = "serviceArn";
    var _sAer = "serviceArns";
    var _sAt = "stoppedAt";
    var _sAto = "stoppingAt";
    var _sB = "startedBy";
    var _sBN = "s3BucketName";
    var _sBTIM = "stepBakeTimeInMinutes";
    var _sC = "systemControls";
    var _sCC = "serviceConnectConfiguration";
    var _sCD = "serviceConnectDefaults";
    var _sCE = "serviceConnectEndpoint";
    var _sCPN = "serviceContainerPortName";
    var _sCR = "serviceConnectResources";
    var _sCo = "sourceContainer";
    var _sCt = "statusCode";
    var _sCto = "storageConfiguration";
    var _sCtop = "stopCode";
    var _sD = "serviceDeployments";
    var _sDA = "serviceDeploymentArn";
    var _sDAe = "serviceDeploymentArns";
    var _sDR = "sourceDaemonRevisions";
    var _sEE = "s3EncryptionEnabled";
    var _sG = "securityGroups";
    var _sGI = "securityGroupIds";
    var _sGe = "securityGroup";
    var _sI = "subnetIds";
    var _sIA = "scaleInAfter";
    var _sIGB = "sizeInGiB";
    var _sIe = "sessionId";
    var _sIn = "snapshotId";
    var _sKP = "s3KeyPrefix";
    var _sL = "softLimit";
    var _sM = "sharingMode";
    var _sMPPOLP = "spotMaxPricePercentageOverLowestPrice";
    var _sMS = "sharedMemorySize";
    var _sN = "serviceName";
    var _sO = "secretOptions";
    var _sP = "startPeriod";
    var _sPo = "sourcePath";
    var _sPt = "stepPercent";
    var _sR = "statusReason";
    var _sRA = "serviceRevisionArns";
    var _sRAe = "serviceRevisionArn";
    var _sRe = "serviceRegistries";
    var _sRer = "serviceRevisions";
    var _sRt = "stoppedReason";
    var _sS = "schedulingStrategy";
    var _sSA = "stabilityStatusAt";
    var _sSG = "serviceSecurityGroups";
    var _sSGA = "serviceSecurityGroupArn";
    var _sSGB = "storageSizeGiB";
    var _sSR = "sourceServiceRevisions";
    var _sSRC = "sourceServiceRevisionCleanup";
    var _sSV = "stringSetValue";
    var _sSh = "sharingStrategy";
    var _sSt = "stabilityStatus";
    var _sT = "startTimeout";
    var _sTc = "scalingTarget";
    var _sTca = "scalableTarget";
    var _sTt = "stopTimeout";
    var _sTto = "stopType";
    var _sU = "serviceUrl";
    var _sUt = "streamUrl";
    var _sV = "sourceVolume";
    var _sVC = "s3filesVolumeConfiguration";
    var _s_ = "s3";
    var _sc = "scale";
    var _sch = "scheme";
    var _sco = "scope";
    var _se = "server";
    var _sec = "secrets";
    var _ser = "service";
    var _serv = "services";
    var _ses = "session";
    var _set = "settings";
    var _sett = "setting";
    var _si = "size";
    var _so = "sort";
    var _st = "status";
    var _sta = "statistics";
    var _str = "strategy";
    var _su = "subnets";
    var _sw = "swappiness";
    var _t = "type";
    var _tA = "taskArn";
    var _tAN = "triggeredAlarmNames";
    var _tAa = "targetArn";
    var _tAas = "taskArns";
    var _tAi = "timeoutAction";
    var _tC = "thresholdConfiguration";
    var _tCa = "targetCapacity";
    var _tCar = "targetConfiguration";
    var _tCi = "timeoutConfiguration";
    var _tD = "taskDefinition";
    var _tDA = "taskDefinitionArn";
    var _tDAa = "taskDefinitionArns";
    var _tDIC = "totalDrainingInstanceCount";
    var _tDR = "targetDaemonRevision";
    var _tDRA = "targetDaemonRevisionArn";
    var _tDa = "taskDefinitions";
    var _tE = "telemetryEndpoint";
    var _tEP = "transitEncryptionPort";
    var _tEr = "transitEncryption";
    var _tG = "targetGroups";
    var _tGA = "targetGroupArn";
    var _tI = "targetId";
    var _tIM = "timeoutInMinutes";
    var _tK = "tagKeys";
    var _tLR = "testListenerRule";
    var _tLRA = "testListenerRuleArn";
    var _tLRAe = "testListenerRuleArns";
    var _tLSGB = "totalLocalStorageGB";
    var _tMIMB = "totalMemoryInMiB";
    var _tP = "terminationPolicy";
    var _tR = "totalResources";
    var _tRA = "taskRoleArn";
    var _tRC = "totalRunningCount";
    var _tRIC = "totalRunningInstanceCount";
    var _tS = "taskSet";
    var _tSA = "taskSetArn";
    var _tSR = "targetServiceRevision";
    var _tSRA = "targetServiceRevisionArn";
    var _tSa = "taskSets";
    var _tSag = "tagSpecifications";
    var _tT = "targetType";
    var _tTR = "testTrafficRules";
    var _tV = "targetValue";
    var _tVo = "tokenValue";
    var _tWDC = "totalWithoutDaemonCount";
    var _tWDIC = "totalWithoutDaemonInstanceCount";
    var _ta = "tags";
    var _tas = "tasks";
    var _task = "task";
    var _th = "threshold";
    var _thr = "throughput";
    var _ti = "timeout";
    var _tl = "tls";
    var _tm = "tmpfs";
    var _u = "user";
    var _uA = "updatedAt";
    var _uLS = "useLocalStorage";
    var _uS = "updateStatus";
    var _uSR = "updateStatusReason";
    var _uTC = "unhealthyThresholdCount";
    var _ul = "ulimits";
    var _un = "unit";
    var _v = "value";
    var _vC = "versionConsistency";
    var _vCC = "vCpuCount";
    var _vCo = "volumeConfigurations";
    var _vF = "volumesFrom";
    var _vFa = "valueFrom";
    var _vI = "versionInfo";
    var _vIR = "volumeInitializationRate";
    var _vLC = "vpcLatticeConfigurations";
    var _vT = "volumeType";
    var _va = "values";
    var _ve = "version";
    var _vo = "volumes";
    var _w = "weight";
    var _wACLA = "webACLArn";
    var _wD = "workingDirectory";
    var _wDC = "withoutDaemonCount";
    var _wDIC = "withoutDaemonInstanceCount";
    var _xN = "xmlName";
    var n0 = "com.amazonaws.ecs";
    var _s_registry = new TypeRegistry(_s);
    var ECSServiceException$ = [-3, _s, "ECSServiceException", 0, [], []];
    _s_registry.registerError(ECSServiceException$, ECSServiceException2);
    var n0_registry = new TypeRegistry(n0);
    var AccessDeniedException$ = [
      -3,
      n0,
      _ADE,
      { [_e]: _c, [_hE]: 403 },
      [_m],
      [0]
    ];
    n0_registry.registerError(AccessDeniedException$, AccessDeniedException2);
    var AttributeLimitExceededException$ = [
      -3,
      n0,
      _ALEE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(AttributeLimitExceededException$, AttributeLimitExceededException);
    var BlockedException$ = [
      -3,
      n0,
      _BE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(BlockedException$, BlockedException);
    var ClientException$ = [
      -3,
      n0,
      _CE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ClientException$, ClientException);
    var ClusterContainsCapacityProviderException$ = [
      -3,
      n0,
      _CCCPE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ClusterContainsCapacityProviderException$, ClusterContainsCapacityProviderException);
    var ClusterContainsContainerInstancesException$ = [
      -3,
      n0,
      _CCCIE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ClusterContainsContainerInstancesException$, ClusterContainsContainerInstancesException);
    var ClusterContainsServicesException$ = [
      -3,
      n0,
      _CCSE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ClusterContainsServicesException$, ClusterContainsServicesException);
    var ClusterContainsTasksException$ = [
      -3,
      n0,
      _CCTE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ClusterContainsTasksException$, ClusterContainsTasksException);
    var ClusterNotFoundException$ = [
      -3,
      n0,
      _CNFE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ClusterNotFoundException$, ClusterNotFoundException2);
    var ConflictException$ = [
      -3,
      n0,
      _CEo,
      { [_e]: _c },
      [_rI, _m],
      [64 | 0, 0]
    ];
    n0_registry.registerError(ConflictException$, ConflictException);
    var DaemonNotActiveException$ = [
      -3,
      n0,
      _DNAE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(DaemonNotActiveException$, DaemonNotActiveException);
    var DaemonNotFoundException$ = [
      -3,
      n0,
      _DNFE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(DaemonNotFoundException$, DaemonNotFoundException);
    var GatewayNotFoundException$ = [
      -3,
      n0,
      _GNFE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(GatewayNotFoundException$, GatewayNotFoundException);
    var InvalidParameterException$ = [
      -3,
      n0,
      _IPE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(InvalidParameterException$, InvalidParameterException2);
    var LimitExceededException$ = [
      -3,
      n0,
      _LEE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(LimitExceededException$, LimitExceededException);
    var MissingVersionException$ = [
      -3,
      n0,
      _MVE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(MissingVersionException$, MissingVersionException);
    var NamespaceNotFoundException$ = [
      -3,
      n0,
      _NNFE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(NamespaceNotFoundException$, NamespaceNotFoundException);
    var NoUpdateAvailableException$ = [
      -3,
      n0,
      _NUAE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(NoUpdateAvailableException$, NoUpdateAvailableException);
    var PlatformTaskDefinitionIncompatibilityException$ = [
      -3,
      n0,
      _PTDIE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(PlatformTaskDefinitionIncompatibilityException$, PlatformTaskDefinitionIncompatibilityException);
    var PlatformUnknownException$ = [
      -3,
      n0,
      _PUE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(PlatformUnknownException$, PlatformUnknownException);
    var ResourceInUseException$ = [
      -3,
      n0,
      _RIUE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ResourceInUseException$, ResourceInUseException);
    var ResourceNotFoundException$ = [
      -3,
      n0,
      _RNFE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ResourceNotFoundException$, ResourceNotFoundException);
    var ServerException$ = [
      -3,
      n0,
      _SE,
      { [_e]: _se },
      [_m],
      [0]
    ];
    n0_registry.registerError(ServerException$, ServerException2);
    var ServiceDeploymentNotFoundException$ = [
      -3,
      n0,
      _SDNFE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ServiceDeploymentNotFoundException$, ServiceDeploymentNotFoundException);
    var ServiceNotActiveException$ = [
      -3,
      n0,
      _SNAE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ServiceNotActiveException$, ServiceNotActiveException2);
    var ServiceNotFoundException$ = [
      -3,
      n0,
      _SNFE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(ServiceNotFoundException$, ServiceNotFoundException2);
    var TargetNotConnectedException$ = [
      -3,
      n0,
      _TNCE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(TargetNotConnectedException$, TargetNotConnectedException);
    var TargetNotFoundException$ = [
      -3,
      n0,
      _TNFE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(TargetNotFoundException$, TargetNotFoundException);
    var TaskSetNotFoundException$ = [
      -3,
      n0,
      _TSNFE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(TaskSetNotFoundException$, TaskSetNotFoundException);
    var UnsupportedFeatureException$ = [
      -3,
      n0,
      _UFE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(UnsupportedFeatureException$, UnsupportedFeatureException);
    var UpdateInProgressException$ = [
      -3,
      n0,
      _UIPE,
      { [_e]: _c },
      [_m],
      [0]
    ];
    n0_registry.registerError(UpdateInProgressException$, UpdateInProgressException);
    var errorTypeRegistries = [
      _s_registry,
      n0_registry
    ];
    var SensitiveString = [0, n0, _SS, 8, 0];
    var AcceleratorCountRequest$ = [
      3,
      n0,
      _ACR,
      0,
      [_mi, _ma],
      [1, 1]
    ];
    var AcceleratorTotalMemoryMiBRequest$ = [
      3,
      n0,
      _ATMMBR,
      0,
      [_mi, _ma],
      [1, 1]
    ];
    var AdvancedConfiguration$ = [
      3,
      n0,
      _AC,
      0,
      [_aTGA, _pLR, _tLR, _rA],
      [0, 0, 0, 0]
    ];
    var AssociateGatewayWithClusterRequest$ = [
      3,
      n0,
      _AGWCR,
      0,
      [_g, _cl],
      [0, 0],
      2
    ];
    var AssociateGatewayWithClusterResponse$ = [
      3,
      n0,
      _AGWCRs,
      0,
      [_gA, _cA, _st],
      [0, 0, 0]
    ];
    var Attachment$ = [
      3,
      n0,
      _A,
      0,
      [_i, _t, _st, _d],
      [0, 0, 0, () => AttachmentDetails]
    ];
    var AttachmentStateChange$ = [
      3,
      n0,
      _ASC,
      0,
      [_aA, _st],
      [0, 0],
      2
    ];
    var Attribute$ = [
      3,
      n0,
      _At,
      0,
      [_n, _v, _tT, _tI],
      [0, 0, 0, 0],
      1
    ];
    var AutoRepairConfiguration$ = [
      3,
      n0,
      _ARC,
      0,
      [_aS],
      [0]
    ];
    var AutoScalingGroupProvider$ = [
      3,
      n0,
      _ASGP,
      0,
      [_aSGA, _mS, _mTP, _mD],
      [0, () => ManagedScaling$, 0, 0],
      1
    ];
    var AutoScalingGroupProviderUpdate$ = [
      3,
      n0,
      _ASGPU,
      0,
      [_mS, _mTP, _mD],
      [() => ManagedScaling$, 0, 0]
    ];
    var AwsVpcConfiguration$ = [
      3,
      n0,
      _AVC,
      0,
      [_su, _sG, _aPI],
      [64 | 0, 64 | 0, 0],
      1
    ];
    var BaselineEbsBandwidthMbpsRequest$ = [
      3,
      n0,
      _BEBMR,
      0,
      [_mi, _ma],
      [1, 1]
    ];
    var CanaryConfiguration$ = [
      3,
      n0,
      _CC,
      0,
      [_cP, _cBTIM],
      [1, 1]
    ];
    var CapacityProvider$ = [
      3,
      n0,
      _CP,
      0,
      [_cPA, _n, _cl, _st, _aSGP, _mIP, _uS, _uSR, _ta, _t],
      [0, 0, 0, 0, () => AutoScalingGroupProvider$, [() => ManagedInstancesProvider$, 0], 0, 0, () => Tags, 0]
    ];
    var CapacityProviderStrategyItem$ = [
      3,
      n0,
      _CPSI,
      0,
      [_cPa, _w, _b],
      [0, 1, 1],
      1
    ];
    var CapacityReservationRequest$ = [
      3,
      n0,
      _CRR,
      0,
      [_rGA, _rP],
      [0, 0]
    ];
    var Cluster$ = [
      3,
      n0,
      _C,
      0,
      [_cA, _cN, _co, _st, _rCIC, _rTC, _pTC, _aSC, _sta, _ta, _set, _cPap, _dCPS, _a, _aSt, _sCD],
      [0, 0, () => ClusterConfiguration$, 0, 1, 1, 1, 1, () => Statistics, () => Tags, () => ClusterSettings, 64 | 0, () => CapacityProviderStrategy, () => Attachments, 0, () => ClusterServiceConnectDefaults$]
    ];
    var ClusterConfiguration$ = [
      3,
      n0,
      _CCl,
      0,
      [_eCC, _mSC],
      [() => ExecuteCommandConfiguration$, () => ManagedStorageConfiguration$]
    ];
    var ClusterServiceConnectDefaults$ = [
      3,
      n0,
      _CSCD,
      0,
      [_na],
      [0]
    ];
    var ClusterServiceConnectDefaultsRequest$ = [
      3,
      n0,
      _CSCDR,
      0,
      [_na],
      [0],
      1
    ];
    var ClusterSetting$ = [
      3,
      n0,
      _CS,
      0,
      [_n, _v],
      [0, 0]
    ];
    var Container$ = [
      3,
      n0,
      _Co,
      0,
      [_cAo, _tA, _n, _im, _iD, _rIu, _lS, _eC, _r, _nB, _nI, _hS, _mA, _cp, _me, _mR, _gI, _nDI, _gSS],
      [0, 0, 0, 0, 0, 0, 0, 1, 0, () => NetworkBindings, () => NetworkInterfaces, 0, () => ManagedAgents, 0, 0, 0, 64 | 0, 64 | 0, () => SharingStrategy$]
    ];
    var ContainerDefinition$ = [
      3,
      n0,
      _CD,
      0,
      [_n, _im, _rC, _cp, _me, _mR, _l, _pM, _es, _rPe, _eP, _com, _en, _eF, _mP, _vF, _lP, _sec, _dO, _sT, _sTt, _vC, _h, _u, _wD, _dN, _p, _rRF, _dS, _dSD, _eH, _dSO, _in, _pT, _dL, _ul, _lC, _hC, _sC, _rR, _fC, _cS],
      [0, 0, [() => RepositoryCredentials$, 0], 1, 1, 1, 64 | 0, () => PortMappingList, 2, () => ContainerRestartPolicy$, 64 | 0, 64 | 0, [() => EnvironmentVariables, 0], () => EnvironmentFiles, () => MountPointList, () => VolumeFromList, () => LinuxParameters$, () => SecretList, () => ContainerDependencies, 1, 1, 0, 0, 0, 0, 2, 2, 2, 64 | 0, 64 | 0, () => HostEntryList, 64 | 0, 2, 2, 128 | 0, () => UlimitList, () => LogConfiguration$, () => HealthCheck$, () => SystemControls, () => ResourceRequirements, () => FirelensConfiguration$, 64 | 0]
    ];
    var ContainerDependency$ = [
      3,
      n0,
      _CDo,
      0,
      [_cNo, _con],
      [0, 0],
      2
    ];
    var ContainerImage$ = [
      3,
      n0,
      _CI,
      0,
      [_cNo, _iD, _im],
      [0, 0, 0]
    ];
    var ContainerInstance$ = [
      3,
      n0,
      _CIo,
      0,
      [_cIA, _eII, _cPN, _ve, _vI, _rRe, _rReg, _st, _sR, _aC, _rTC, _pTC, _aUS, _at, _rAe, _a, _ta, _hS, _gD],
      [0, 0, 0, 1, () => VersionInfo$, () => Resources, () => Resources, 0, 0, 2, 1, 1, 0, () => Attributes, 4, () => Attachments, () => Tags, () => ContainerInstanceHealthStatus$, () => GpuDevices]
    ];
    var ContainerInstanceHealthStatus$ = [
      3,
      n0,
      _CIHS,
      0,
      [_oS, _d],
      [0, () => InstanceHealthCheckResultList]
    ];
    var ContainerOverride$ = [
      3,
      n0,
      _CO,
      0,
      [_n, _com, _en, _eF, _cp, _me, _mR, _rR],
      [0, 64 | 0, [() => EnvironmentVariables, 0], () => EnvironmentFiles, 1, 1, 1, () => ResourceRequirements]
    ];
    var ContainerRestartPolicy$ = [
      3,
      n0,
      _CRP,
      0,
      [_ena, _iEC, _rAP],
      [2, 64 | 1, 1],
      1
    ];
    var ContainerStateChange$ = [
      3,
      n0,
      _CSC,
      0,
      [_cNo, _iD, _rIu, _eC, _nB, _r, _st],
      [0, 0, 0, 1, () => NetworkBindings, 0, 0]
    ];
    var ContinueServiceDeploymentRequest$ = [
      3,
      n0,
      _CSDR,
      0,
      [_sDA, _hI, _ac],
      [0, 0, 0],
      2
    ];
    var ContinueServiceDeploymentResponse$ = [
      3,
      n0,
      _CSDRo,
      0,
      [_sDA],
      [0]
    ];
    var CreateCapacityProviderRequest$ = [
      3,
      n0,
      _CCPR,
      0,
      [_n, _cl, _aSGP, _mIP, _ta],
      [0, 0, () => AutoScalingGroupProvider$, [() => CreateManagedInstancesProviderConfiguration$, 0], () => Tags],
      1
    ];
    var CreateCapacityProviderResponse$ = [
      3,
      n0,
      _CCPRr,
      0,
      [_cPa],
      [[() => CapacityProvider$, 0]]
    ];
    var CreateClusterRequest$ = [
      3,
      n0,
      _CCR,
      0,
      [_cN, _ta, _set, _co, _cPap, _dCPS, _sCD],
      [0, () => Tags, () => ClusterSettings, () => ClusterConfiguration$, 64 | 0, () => CapacityProviderStrategy, () => ClusterServiceConnectDefaultsRequest$]
    ];
    var CreateClusterResponse$ = [
      3,
      n0,
      _CCRr,
      0,
      [_cl],
      [() => Cluster$]
    ];
    var CreateDaemonRequest$ = [
      3,
      n0,
      _CDR,
      0,
      [_dNa, _dTDA, _cPAa, _cA, _dC, _ta, _pTr, _eECSMT, _eEC, _cT, _cr],
      [0, 0, 64 | 0, 0, () => DaemonDeploymentConfiguration$, () => Tags, 0, 2, 2, 0, 2],
      3
    ];
    var CreateDaemonResponse$ = [
      3,
      n0,
      _CDRr,
      0,
      [_dA, _st, _cAr, _dAe],
      [0, 0, 4, 0]
    ];
    var CreatedAt$ = [
      3,
      n0,
      _CA,
      0,
      [_be, _af],
      [4, 4]
    ];
    var CreateExpressGatewayServiceRequest$ = [
      3,
      n0,
      _CEGSR,
      0,
      [_iRA, _eRA, _sN, _cl, _hCP, _pC, _tRA, _nC, _cp, _me, _cAp, _sTc, _ta, _tDA],
      [0, 0, 0, 0, 0, [() => ExpressGatewayContainer$, 0], 0, () => ExpressGatewayServiceNetworkConfiguration$, 0, 0, 0, () => ExpressGatewayScalingTarget$, () => Tags, 0],
      1
    ];
    var CreateExpressGatewayServiceResponse$ = [
      3,
      n0,
      _CEGSRr,
      0,
      [_ser],
      [[() => ECSExpressGatewayService$, 0]]
    ];
    var CreateGatewayRequest$ = [
      3,
      n0,
      _CGR,
      0,
      [_n, _iRA, _co, _cT, _dP, _ta, _pTr],
      [0, 0, () => GatewayConfiguration$, [0, 4], 2, () => Tags, 0],
      3
    ];
    var CreateGatewayResponse$ = [
      3,
      n0,
      _CGRr,
      0,
      [_gA, _n, _st],
      [0, 0, 0]
    ];
    var CreateManagedInstancesProviderConfiguration$ = [
      3,
      n0,
      _CMIPC,
      0,
      [_iRA, _iLT, _pTr, _iO, _aRC],
      [0, [() => InstanceLaunchTemplate$, 0], 0, () => InfrastructureOptimization$, () => AutoRepairConfiguration$],
      2
    ];
    var CreateServiceRequest$ = [
      3,
      n0,
      _CSR,
      0,
      [_sN, _cl, _tD, _aZR, _lB, _sRe, _dCe, _cT, _lT, _cPS, _pV, _ro, _dC, _pCl, _pS, _nC, _hCGPS, _sS, _dCep, _ta, _eECSMT, _pTr, _eEC, _sCC, _vCo, _vLC, _gC, _mo],
      [0, 0, 0, 0, () => LoadBalancers, () => ServiceRegistries, 1, 0, 0, () => CapacityProviderStrategy, 0, 0, () => DeploymentConfiguration$, () => PlacementConstraints, () => PlacementStrategies, () => NetworkConfiguration$, 1, 0, () => DeploymentController$, () => Tags, 2, 0, 2, () => ServiceConnectConfiguration$, () => ServiceVolumeConfigurations, () => VpcLatticeConfigurations, () => GatewayConnectorList, () => MonitoringConfiguration$],
      1
    ];
    var CreateServiceResponse$ = [
      3,
      n0,
      _CSRr,
      0,
      [_ser],
      [() => Service$]
    ];
    var CreateTaskSetRequest$ = [
      3,
      n0,
      _CTSR,
      0,
      [_ser, _cl, _tD, _eI, _nC, _lB, _sRe, _lT, _cPS, _pV, _sc, _cT, _ta],
      [0, 0, 0, 0, () => NetworkConfiguration$, () => LoadBalancers, () => ServiceRegistries, 0, () => CapacityProviderStrategy, 0, () => Scale$, 0, () => Tags],
      3
    ];
    var CreateTaskSetResponse$ = [
      3,
      n0,
      _CTSRr,
      0,
      [_tS],
      [() => TaskSet$]
    ];
    var DaemonAlarmConfiguration$ = [
      3,
      n0,
      _DAC,
      0,
      [_aN, _enab],
      [64 | 0, 2]
    ];
    var DaemonCapacityProvider$ = [
      3,
      n0,
      _DCP,
      0,
      [_ar, _rCu, _wDC],
      [0, 1, 1]
    ];
    var DaemonCircuitBreaker$ = [
      3,
      n0,
      _DCB,
      0,
      [_fCa, _st, _th],
      [1, 0, 1]
    ];
    var DaemonContainerDefinition$ = [
      3,
      n0,
      _DCD,
      0,
      [_im, _n, _me, _mR, _rC, _hC, _cp, _es, _eP, _com, _wD, _eF, _en, _sec, _rRF, _mP, _lC, _fC, _p, _u, _ul, _lP, _dO, _sT, _sTt, _sC, _in, _pT, _rPe],
      [0, 0, 1, 1, [() => RepositoryCredentials$, 0], () => HealthCheck$, 1, 2, 64 | 0, 64 | 0, 0, () => EnvironmentFiles, [() => EnvironmentVariables, 0], () => SecretList, 2, () => MountPointList, () => LogConfiguration$, () => FirelensConfiguration$, 2, 0, () => UlimitList, () => DaemonLinuxParameters$, () => ContainerDependencies, 1, 1, () => SystemControls, 2, 2, () => ContainerRestartPolicy$],
      1
    ];
    var DaemonContainerImage$ = [
      3,
      n0,
      _DCI,
      0,
      [_cNo, _iD, _im],
      [0, 0, 0]
    ];
    var DaemonDeployment$ = [
      3,
      n0,
      _DD,
      0,
      [_dDA, _cA, _st, _sR, _tDR, _sDR, _cB, _al, _rol, _dC, _cAr, _sA, _sAt, _fA],
      [0, 0, 0, 0, () => DaemonDeploymentRevisionDetail$, () => DaemonDeploymentRevisionDetailList, () => DaemonCircuitBreaker$, () => DaemonDeploymentAlarms$, () => DaemonRollback$, () => DaemonDeploymentConfiguration$, 4, 4, 4, 4]
    ];
    var DaemonDeploymentAlarms$ = [
      3,
      n0,
      _DDA,
      0,
      [_st, _aN, _tAN],
      [0, 64 | 0, 64 | 0]
    ];
    var DaemonDeploymentCapacityProvider$ = [
      3,
      n0,
      _DDCP,
      0,
      [_ar, _rIC, _wDIC, _dIC],
      [0, 1, 1, 1]
    ];
    var DaemonDeploymentConfiguration$ = [
      3,
      n0,
      _DDC,
      0,
      [_dPr, _al, _bTIM],
      [1, () => DaemonAlarmConfiguration$, 1]
    ];
    var DaemonDeploymentRevisionDetail$ = [
      3,
      n0,
      _DDRD,
      0,
      [_ar, _cPap, _tRIC, _tWDIC, _tDIC],
      [0, () => DaemonDeploymentCapacityProviderList, 1, 1, 1]
    ];
    var DaemonDeploymentSummary$ = [
      3,
      n0,
      _DDS,
      0,
      [_dDA, _dA, _cA, _st, _sR, _tDRA, _cAr, _sA, _sAt, _fA],
      [0, 0, 0, 0, 0, 0, 4, 4, 4, 4]
    ];
    var DaemonDetail$ = [
      3,
      n0,
      _DDa,
      0,
      [_dA, _cA, _st, _cR, _dAe, _cAr, _uA],
      [0, 0, 0, () => DaemonRevisionDetailList, 0, 4, 4]
    ];
    var DaemonLinuxParameters$ = [
      3,
      n0,
      _DLP,
      0,
      [_ca, _de, _iPE, _tm],
      [() => KernelCapabilities$, () => DevicesList, 2, () => TmpfsList]
    ];
    var DaemonRevision$ = [
      3,
      n0,
      _DR,
      0,
      [_dRA, _cA, _dA, _dTDA, _cAr, _cI, _pTr, _eECSMT, _eEC, _cr],
      [0, 0, 0, 0, 4, () => DaemonContainerImages, 0, 2, 2, 2]
    ];
    var DaemonRevisionDetail$ = [
      3,
      n0,
      _DRD,
      0,
      [_ar, _cPap, _tRC, _tWDC],
      [0, () => DaemonCapacityProviderList, 1, 1]
    ];
    var DaemonRollback$ = [
      3,
      n0,
      _DRa,
      0,
      [_r, _sA, _rTDRA, _rCP],
      [0, 4, 0, 64 | 0]
    ];
    var DaemonSummary$ = [
      3,
      n0,
      _DS,
      0,
      [_dA, _st, _cAr, _uA],
      [0, 0, 4, 4]
    ];
    var DaemonTaskDefinition$ = [
      3,
      n0,
      _DTD,
      0,
      [_dTDA, _f, _re, _tRA, _eRA, _cD, _vo, _cp, _me, _st, _rAe, _dRAe, _rB, _pMi, _iM],
      [0, 0, 1, 0, 0, [() => DaemonContainerDefinitionList, 0], () => DaemonVolumeList, 0, 0, 0, 4, 4, 0, 0, 0]
    ];
    var DaemonTaskDefinitionSummary$ = [
      3,
      n0,
      _DTDS,
      0,
      [_ar, _rAe, _rB, _dRAe, _st],
      [0, 4, 0, 4, 0]
    ];
    var DaemonVolume$ = [
      3,
      n0,
      _DV,
      0,
      [_n, _ho, _lDVC],
      [0, () => HostVolumeProperties$, () => LogDriverVolumeConfiguration$]
    ];
    var DeleteAccountSettingRequest$ = [
      3,
      n0,
      _DASR,
      0,
      [_n, _pA],
      [0, 0],
      1
    ];
    var DeleteAccountSettingResponse$ = [
      3,
      n0,
      _DASRe,
      0,
      [_sett],
      [() => Setting$]
    ];
    var DeleteAttributesRequest$ = [
      3,
      n0,
      _DAR,
      0,
      [_at, _cl],
      [() => Attributes, 0],
      1
    ];
    var DeleteAttributesResponse$ = [
      3,
      n0,
      _DARe,
      0,
      [_at],
      [() => Attributes]
    ];
    var DeleteCapacityProviderRequest$ = [
      3,
      n0,
      _DCPR,
      0,
      [_cPa, _cl],
      [0, 0],
      1
    ];
    var DeleteCapacityProviderResponse$ = [
      3,
      n0,
      _DCPRe,
      0,
      [_cPa],
      [[() => CapacityProvider$, 0]]
    ];
    var DeleteClusterRequest$ = [
      3,
      n0,
      _DCR,
      0,
      [_cl],
      [0],
      1
    ];
    var DeleteClusterResponse$ = [
      3,
      n0,
      _DCRe,
      0,
      [_cl],
      [() => Cluster$]
    ];
    var DeleteDaemonRequest$ = [
      3,
      n0,
      _DDR,
      0,
      [_dA],
      [0],
      1
    ];
    var DeleteDaemonResponse$ = [
      3,
      n0,
      _DDRe,
      0,
      [_dA, _st, _cAr, _uA, _dAe],
      [0, 0, 4, 4, 0]
    ];
    var DeleteDaemonTaskDefinitionRequest$ = [
      3,
      n0,
      _DDTDR,
      0,
      [_dTD],
      [0],
      1
    ];
    var DeleteDaemonTaskDefinitionResponse$ = [
      3,
      n0,
      _DDTDRe,
      0,
      [_dTDA],
      [0]
    ];
    var DeleteExpressGatewayServiceRequest$ = [
      3,
      n0,
      _DEGSR,
      0,
      [_sAe],
      [0],
      1
    ];
    var DeleteExpressGatewayServiceResponse$ = [
      3,
      n0,
      _DEGSRe,
      0,
      [_ser],
      [[() => ECSExpressGatewayService$, 0]]
    ];
    var DeleteGatewayRequest$ = [
      3,
      n0,
      _DGR,
      0,
      [_g],
      [0],
      1
    ];
    var DeleteGatewayResponse$ = [
      3,
      n0,
      _DGRe,
      0,
      [_gA, _n, _st],
      [0, 0, 0]
    ];
    var DeleteServiceRequest$ = [
      3,
      n0,
      _DSR,
      0,
      [_ser, _cl, _fo],
      [0, 0, 2],
      1
    ];
    var DeleteServiceResponse$ = [
      3,
      n0,
      _DSRe,
      0,
      [_ser],
      [() => Service$]
    ];
    var DeleteTaskDefinitionsRequest$ = [
      3,
      n0,
      _DTDR,
      0,
      [_tDa],
      [64 | 0],
      1
    ];
    var DeleteTaskDefinitionsResponse$ = [
      3,
      n0,
      _DTDRe,
      0,
      [_tDa, _fa],
      [[() => TaskDefinitionList, 0], () => Failures]
    ];
    var DeleteTaskSetRequest$ = [
      3,
      n0,
      _DTSR,
      0,
      [_cl, _ser, _tS, _fo],
      [0, 0, 0, 2],
      3
    ];
    var DeleteTaskSetResponse$ = [
      3,
      n0,
      _DTSRe,
      0,
      [_tS],
      [() => TaskSet$]
    ];
    var Deployment$ = [
      3,
      n0,
      _D,
      0,
      [_i, _st, _tD, _dCe, _pCe, _rCu, _fT, _cAr, _uA, _cPS, _lT, _pV, _pF, _nC, _rS, _rSR, _sCC, _sCR, _vCo, _fES, _vLC],
      [0, 0, 0, 1, 1, 1, 1, 4, 4, () => CapacityProviderStrategy, 0, 0, 0, () => NetworkConfiguration$, 0, 0, () => ServiceConnectConfiguration$, () => ServiceConnectServiceResourceList, () => ServiceVolumeConfigurations, () => DeploymentEphemeralStorage$, () => VpcLatticeConfigurations]
    ];
    var DeploymentAlarms$ = [
      3,
      n0,
      _DA,
      0,
      [_aN, _rol, _enab],
      [64 | 0, 2, 2],
      3
    ];
    var DeploymentCircuitBreaker$ = [
      3,
      n0,
      _DCBe,
      0,
      [_enab, _rol, _rOHT, _tC],
      [2, 2, 2, () => ThresholdConfiguration$],
      2
    ];
    var DeploymentConfiguration$ = [
      3,
      n0,
      _DC,
      0,
      [_dCB, _mPa, _mHP, _al, _str, _bTIM, _lH, _lCi, _cC, _eSC],
      [() => DeploymentCircuitBreaker$, 1, 1, () => DeploymentAlarms$, 0, 1, () => DeploymentLifecycleHookList, () => LinearConfiguration$, () => CanaryConfiguration$, () => DeploymentEarlySuccessCriteria$]
    ];
    var DeploymentController$ = [
      3,
      n0,
      _DCe,
      0,
      [_t],
      [0],
      1
    ];
    var DeploymentEarlySuccessCriteria$ = [
      3,
      n0,
      _DESC,
      0,
      [_enab, _hP, _sSRC],
      [2, 1, 0],
      1
    ];
    var DeploymentEphemeralStorage$ = [
      3,
      n0,
      _DES,
      0,
      [_kKI],
      [0]
    ];
    var DeploymentLifecycleHook$ = [
      3,
      n0,
      _DLH,
      0,
      [_tT, _hTA, _rA, _lSi, _hD, _tCi],
      [0, 0, 0, 64 | 0, 15, () => DeploymentLifecycleHookTimeoutConfiguration$]
    ];
    var DeploymentLifecycleHookDetail$ = [
      3,
      n0,
      _DLHD,
      0,
      [_hI, _tT, _tAa, _st, _eA, _tAi],
      [0, 0, 0, 0, 4, 0]
    ];
    var DeploymentLifecycleHookTimeoutConfiguration$ = [
      3,
      n0,
      _DLHTC,
      0,
      [_tIM, _ac],
      [1, 0]
    ];
    var DeregisterContainerInstanceRequest$ = [
      3,
      n0,
      _DCIR,
      0,
      [_cIo, _cl, _fo],
      [0, 0, 2],
      1
    ];
    var DeregisterContainerInstanceResponse$ = [
      3,
      n0,
      _DCIRe,
      0,
      [_cIo],
      [() => ContainerInstance$]
    ];
    var DeregisterTaskDefinitionRequest$ = [
      3,
      n0,
      _DTDRer,
      0,
      [_tD],
      [0],
      1
    ];
    var DeregisterTaskDefinitionResponse$ = [
      3,
      n0,
      _DTDRere,
      0,
      [_tD],
      [[() => TaskDefinition$, 0]]
    ];
    var DescribeCapacityProvidersRequest$ = [
      3,
      n0,
      _DCPRes,
      0,
      [_cPap, _cl, _inc, _mRa, _nT],
      [64 | 0, 0, 64 | 0, 1, 0]
    ];
    var DescribeCapacityProvidersResponse$ = [
      3,
      n0,
      _DCPResc,
      0,
      [_cPap, _fa, _nT],
      [[() => CapacityProviders, 0], () => Failures, 0]
    ];
    var DescribeClustersRequest$ = [
      3,
      n0,
      _DCRes,
      0,
      [_clu, _inc],
      [64 | 0, 64 | 0]
    ];
    var DescribeClustersResponse$ = [
      3,
      n0,
      _DCResc,
      0,
      [_clu, _fa],
      [() => Clusters, () => Failures]
    ];
    var DescribeContainerInstancesRequest$ = [
      3,
      n0,
      _DCIRes,
      0,
      [_cIon, _cl, _inc],
      [64 | 0, 0, 64 | 0],
      1
    ];
    var DescribeContainerInstancesResponse$ = [
      3,
      n0,
      _DCIResc,
      0,
      [_cIon, _fa],
      [() => ContainerInstances, () => Failures]
    ];
    var DescribeDaemonDeploymentsRequest$ = [
      3,
      n0,
      _DDDR,
      0,
      [_dDAa],
      [64 | 0],
      1
    ];
    var DescribeDaemonDeploymentsResponse$ = [
      3,
      n0,
      _DDDRe,
      0,
      [_fa, _dD],
      [() => Failures, () => DaemonDeploymentList]
    ];
    var DescribeDaemonRequest$ = [
      3,
      n0,
      _DDRes,
      0,
      [_dA],
      [0],
      1
    ];
    var DescribeDaemonResponse$ = [
      3,
      n0,
      _DDResc,
      0,
      [_da],
      [() => DaemonDetail$]
    ];
    var DescribeDaemonRevisionsRequest$ = [
      3,
      n0,
      _DDRR,
      0,
      [_dRAa],
      [64 | 0],
      1
    ];
    var DescribeDaemonRevisionsResponse$ = [
      3,
      n0,
      _DDRRe,
      0,
      [_dR, _fa],
      [() => DaemonRevisions, () => Failures]
    ];
    var DescribeDaemonTaskDefinitionRequest$ = [
      3,
      n0,
      _DDTDRes,
      0,
      [_dTD],
      [0],
      1
    ];
    var DescribeDaemonTaskDefinitionResponse$ = [
      3,
      n0,
      _DDTDResc,
      0,
      [_dTD],
      [[() => DaemonTaskDefinition$, 0]]
    ];
    var DescribeExpressGatewayServiceRequest$ = [
      3,
      n0,
      _DEGSRes,
      0,
      [_sAe, _inc],
      [0, 64 | 0],
      1
    ];
    var DescribeExpressGatewayServiceResponse$ = [
      3,
      n0,
      _DEGSResc,
      0,
      [_ser],
      [[() => ECSExpressGatewayService$, 0]]
    ];
    var DescribeGatewayAlbConfiguration$ = [
      3,
      n0,
      _DGAC,
      0,
      [_nC, _sch, _aL, _wACLA, _po, _pr, _mAC, _cAC, _hDt, _tTR],
      [() => GatewayElbNetworkConfiguration$, 0, () => GatewayElbAccessLogConfiguration$, 0, 1, 0, 1, 1, 0, () => GatewayAlbTestTrafficRules$]
    ];
    var DescribeGatewayRequest$ = [
      3,
      n0,
      _DGRes,
      0,
      [_g],
      [0],
      1
    ];
    var DescribeGatewayResourcesRequest$ = [
      3,
      n0,
      _DGRR,
      0,
      [_g, _mRa, _nT],
      [0, 1, 0],
      1
    ];
    var DescribeGatewayResourcesResponse$ = [
      3,
      n0,
      _DGRRe,
      0,
      [_gR, _nT],
      [() => GatewayResources$, 0]
    ];
    var DescribeGatewayResponse$ = [
      3,
      n0,
      _DGResc,
      0,
      [_g],
      [() => Gateway$]
    ];
    var DescribeGatewayRouteRequest$ = [
      3,
      n0,
      _DGRRes,
      0,
      [_gRA],
      [0],
      1
    ];
    var DescribeGatewayRouteResponse$ = [
      3,
      n0,
      _DGRResc,
      0,
      [_gRa],
      [() => GatewayRoute$]
    ];
    var DescribeServiceDeploymentsRequest$ = [
      3,
      n0,
      _DSDR,
      0,
      [_sDAe],
      [64 | 0],
      1
    ];
    var DescribeServiceDeploymentsResponse$ = [
      3,
      n0,
      _DSDRe,
      0,
      [_sD, _fa],
      [() => ServiceDeployments, () => Failures]
    ];
    var DescribeServiceRevisionsRequest$ = [
      3,
      n0,
      _DSRR,
      0,
      [_sRA],
      [64 | 0],
      1
    ];
    var DescribeServiceRevisionsResponse$ = [
      3,
      n0,
      _DSRRe,
      0,
      [_sRer, _fa],
      [() => ServiceRevisions, () => Failures]
    ];
    var DescribeServicesRequest$ = [
      3,
      n0,
      _DSRes,
      0,
      [_serv, _cl, _inc],
      [64 | 0, 0, 64 | 0],
      1
    ];
    var DescribeServicesResponse$ = [
      3,
      n0,
      _DSResc,
      0,
      [_serv, _fa],
      [() => Services, () => Failures]
    ];
    var DescribeTaskDefinitionRequest$ = [
      3,
      n0,
      _DTDRes,
      0,
      [_tD, _inc],
      [0, 64 | 0],
      1
    ];
    var DescribeTaskDefinitionResponse$ = [
      3,
      n0,
      _DTDResc,
      0,
      [_tD, _ta],
      [[() => TaskDefinition$, 0], () => Tags]
    ];
    var DescribeTaskSetsRequest$ = [
      3,
      n0,
      _DTSRes,
      0,
      [_cl, _ser, _tSa, _inc],
      [0, 0, 64 | 0, 64 | 0],
      2
    ];
    var DescribeTaskSetsResponse$ = [
      3,
      n0,
      _DTSResc,
      0,
      [_tSa, _fa],
      [() => TaskSets, () => Failures]
    ];
    var DescribeTasksRequest$ = [
      3,
      n0,
      _DTR,
      0,
      [_tas, _cl, _inc],
      [64 | 0, 0, 64 | 0],
      1
    ];
    var DescribeTasksResponse$ = [
      3,
      n0,
      _DTRe,
      0,
      [_tas, _fa],
      [[() => Tasks, 0], () => Failures]
    ];
    var Device$ = [
      3,
      n0,
      _De,
      0,
      [_hPo, _cPo, _pe],
      [0, 0, 64 | 0],
      1
    ];
    var DisassociateGatewayFromClusterRequest$ = [
      3,
      n0,
      _DGFCR,
      0,
      [_g, _cl],
      [0, 0],
      2
    ];
    var DisassociateGatewayFromClusterResponse$ = [
      3,
      n0,
      _DGFCRi,
      0,
      [_gA, _cA, _st],
      [0, 0, 0]
    ];
    var DiscoverPollEndpointRequest$ = [
      3,
      n0,
      _DPER,
      0,
      [_cIo, _cl],
      [0, 0]
    ];
    var DiscoverPollEndpointResponse$ = [
      3,
      n0,
      _DPERi,
      0,
      [_end, _tE, _sCE],
      [0, 0, 0]
    ];
    var DockerVolumeConfiguration$ = [
      3,
      n0,
      _DVC,
      0,
      [_sco, _au, _dr, _dOr, _la],
      [0, 2, 0, 128 | 0, 128 | 0]
    ];
    var EBSTagSpecification$ = [
      3,
      n0,
      _EBSTS,
      0,
      [_rT, _ta, _pTr],
      [0, () => Tags, 0],
      1
    ];
    var ECSExpressGatewayService$ = [
      3,
      n0,
      _ECSEGS,
      0,
      [_cl, _sN, _sAe, _iRA, _st, _cDu, _aCc, _ta, _cAr, _uA],
      [0, 0, 0, 0, () => ExpressGatewayServiceStatus$, 0, [() => ExpressGatewayServiceConfigurations, 0], () => Tags, 4, 4]
    ];
    var ECSManagedResources$ = [
      3,
      n0,
      _ECSMR,
      0,
      [_iP, _aSu, _mAe, _sSG, _lG, _gCa],
      [() => ManagedIngressPaths, () => ManagedAutoScaling$, () => ManagedMetricAlarms, () => ManagedSecurityGroups, () => ManagedLogGroups, () => GatewayConnectionList]
    ];
    var EFSAuthorizationConfig$ = [
      3,
      n0,
      _EFSAC,
      0,
      [_aPIc, _ia],
      [0, 0]
    ];
    var EFSVolumeConfiguration$ = [
      3,
      n0,
      _EFSVC,
      0,
      [_fSI, _rD, _tEr, _tEP, _aCu],
      [0, 0, 0, 1, () => EFSAuthorizationConfig$],
      1
    ];
    var ElbGatewayResources$ = [
      3,
      n0,
      _EGR,
      0,
      [_lBA, _lA, _sGe, _gRAa],
      [0, 0, 0, 64 | 0]
    ];
    var EnvironmentFile$ = [
      3,
      n0,
      _EF,
      0,
      [_v, _t],
      [0, 0],
      2
    ];
    var EphemeralStorage$ = [
      3,
      n0,
      _ES,
      0,
      [_sIGB],
      [1],
      1
    ];
    var ExecuteCommandConfiguration$ = [
      3,
      n0,
      _ECC,
      0,
      [_kKI, _lo, _lC],
      [0, 0, () => ExecuteCommandLogConfiguration$]
    ];
    var ExecuteCommandLogConfiguration$ = [
      3,
      n0,
      _ECLC,
      0,
      [_cWLGN, _cWEE, _sBN, _sEE, _sKP],
      [0, 2, 0, 2, 0]
    ];
    var ExecuteCommandRequest$ = [
      3,
      n0,
      _ECR,
      0,
      [_com, _in, _task, _cl, _cont],
      [0, 2, 0, 0, 0],
      3
    ];
    var ExecuteCommandResponse$ = [
      3,
      n0,
      _ECRx,
      0,
      [_cA, _cAo, _cNo, _in, _ses, _tA],
      [0, 0, 0, 2, [() => Session$, 0], 0]
    ];
    var ExpressGatewayContainer$ = [
      3,
      n0,
      _EGC,
      0,
      [_im, _cPon, _aLC, _rC, _com, _en, _sec],
      [0, 1, () => ExpressGatewayServiceAwsLogsConfiguration$, () => ExpressGatewayRepositoryCredentials$, 64 | 0, [() => EnvironmentVariables, 0], () => SecretList],
      1
    ];
    var ExpressGatewayRepositoryCredentials$ = [
      3,
      n0,
      _EGRC,
      0,
      [_cPr],
      [0]
    ];
    var ExpressGatewayScalingTarget$ = [
      3,
      n0,
      _EGST,
      0,
      [_mTC, _mTCa, _aSM, _aSTV],
      [1, 1, 0, 1]
    ];
    var ExpressGatewayServiceAwsLogsConfiguration$ = [
      3,
      n0,
      _EGSALC,
      0,
      [_lGo, _lSP],
      [0, 0],
      2
    ];
    var ExpressGatewayServiceConfiguration$ = [
      3,
      n0,
      _EGSC,
      0,
      [_sRAe, _eRA, _tRA, _tDA, _cp, _me, _cAp, _nC, _hCP, _pC, _sTc, _iP, _cAr],
      [0, 0, 0, 0, 0, 0, 0, () => ExpressGatewayServiceNetworkConfiguration$, 0, [() => ExpressGatewayContainer$, 0], () => ExpressGatewayScalingTarget$, () => IngressPathSummaries, 4]
    ];
    var ExpressGatewayServiceNetworkConfiguration$ = [
      3,
      n0,
      _EGSNC,
      0,
      [_sG, _su],
      [64 | 0, 64 | 0]
    ];
    var ExpressGatewayServiceStatus$ = [
      3,
      n0,
      _EGSS,
      0,
      [_sCt, _sR],
      [0, 0]
    ];
    var Failure$ = [
      3,
      n0,
      _F,
      0,
      [_ar, _r, _det],
      [0, 0, 0]
    ];
    var FirelensConfiguration$ = [
      3,
      n0,
      _FC,
      0,
      [_t, _o],
      [0, 128 | 0],
      1
    ];
    var FSxWindowsFileServerAuthorizationConfig$ = [
      3,
      n0,
      _FSWFSAC,
      0,
      [_cPr, _do],
      [0, 0],
      2
    ];
    var FSxWindowsFileServerVolumeConfiguration$ = [
      3,
      n0,
      _FSWFSVC,
      0,
      [_fSI, _rD, _aCu],
      [0, 0, () => FSxWindowsFileServerAuthorizationConfig$],
      3
    ];
    var Gateway$ = [
      3,
      n0,
      _G,
      0,
      [_gA, _n, _st, _sR, _fa, _iRA, _dP, _co, _aT, _pTr, _ta, _cAr, _uA],
      [0, 0, 0, 0, () => GatewayResourceFailureList, 0, 2, () => DescribeGatewayConfiguration$, 0, 0, () => Tags, 4, 4]
    ];
    var GatewayAlbTestTrafficRules$ = [
      3,
      n0,
      _GATTR,
      0,
      [_he],
      [() => GatewayTestTrafficHeader$]
    ];
    var GatewayClusterAssociationSummary$ = [
      3,
      n0,
      _GCAS,
      0,
      [_gA, _cA, _st],
      [0, 0, 0]
    ];
    var GatewayConnection$ = [
      3,
      n0,
      _GC,
      0,
      [_gA, _gRA, _pN, _sU, _aT, _st, _res],
      [0, 0, 0, 0, 0, 0, () => GatewayConnectionResources$]
    ];
    var GatewayConnectionAlbResources$ = [
      3,
      n0,
      _GCAR,
      0,
      [_aCA, _lBA, _lBSGA, _lA, _lRA, _tLRA, _tGA, _aTGA],
      [0, 0, 64 | 0, 0, 0, 0, 0, 0]
    ];
    var GatewayConnector$ = [
      3,
      n0,
      _GCa,
      0,
      [_pN, _hC, _fi],
      [0, () => GatewayConnectorHealthCheck$, () => GatewayConnectorFilters$],
      1
    ];
    var GatewayConnectorFilters$ = [
      3,
      n0,
      _GCF,
      0,
      [_aTc],
      [64 | 0]
    ];
    var GatewayConnectorHealthCheck$ = [
      3,
      n0,
      _GCHC,
      0,
      [_hCPe, _hCPea, _hCP, _hCTS, _hCIS, _hTC, _uTC, _mat],
      [0, 1, 0, 1, 1, 1, 1, () => GatewayConnectorHealthCheckMatcher$]
    ];
    var GatewayConnectorHealthCheckMatcher$ = [
      3,
      n0,
      _GCHCM,
      0,
      [_hCt, _gCr],
      [0, 0]
    ];
    var GatewayElbAccessLogConfiguration$ = [
      3,
      n0,
      _GEALC,
      0,
      [_des],
      [() => GatewayElbAccessLogDestination$]
    ];
    var GatewayElbAccessLogS3Destination$ = [
      3,
      n0,
      _GEALSD,
      0,
      [_bu, _pre],
      [0, 0],
      1
    ];
    var GatewayElbNetworkConfiguration$ = [
      3,
      n0,
      _GENC,
      0,
      [_iSG, _su, _iAT],
      [0, 64 | 0, 0]
    ];
    var GatewayOperationError$ = [
      3,
      n0,
      _GOE,
      0,
      [_op, _cod, _m],
      [0, 0, 0]
    ];
    var GatewayResourceFailure$ = [
      3,
      n0,
      _GRF,
      0,
      [_ar, _er],
      [0, () => GatewayOperationErrorList]
    ];
    var GatewayResources$ = [
      3,
      n0,
      _GR,
      0,
      [_gA, _res],
      [0, () => GatewayInfrastructureResources$]
    ];
    var GatewayRoute$ = [
      3,
      n0,
      _GRa,
      0,
      [_gRA, _sAe, _sCPN, _st, _sU, _res],
      [0, 0, 0, 0, 0, () => GatewayRouteResources$]
    ];
    var GatewayRouteAlbResources$ = [
      3,
      n0,
      _GRAR,
      0,
      [_aCA, _lBA, _lA, _lRA, _tLRAe, _lBSG, _sSGA],
      [0, 0, 0, 0, 64 | 0, () => GatewayRouteLoadBalancerSecurityGroupList, 0]
    ];
    var GatewayRouteLoadBalancerSecurityGroup$ = [
      3,
      n0,
      _GRLBSG,
      0,
      [_ar, _rAu],
      [0, 64 | 0]
    ];
    var GatewayRouteSummary$ = [
      3,
      n0,
      _GRS,
      0,
      [_gRA, _gA, _cA, _sAe, _sCPN, _st],
      [0, 0, 0, 0, 0, 0]
    ];
    var GatewaySummary$ = [
      3,
      n0,
      _GS,
      0,
      [_gA, _n, _st, _cAr],
      [0, 0, 0, 4]
    ];
    var GatewayTestTrafficHeader$ = [
      3,
      n0,
      _GTTH,
      0,
      [_n, _va],
      [0, 64 | 0],
      2
    ];
    var GetTaskProtectionRequest$ = [
      3,
      n0,
      _GTPR,
      0,
      [_cl, _tas],
      [0, 64 | 0],
      1
    ];
    var GetTaskProtectionResponse$ = [
      3,
      n0,
      _GTPRe,
      0,
      [_pTro, _fa],
      [() => ProtectedTasks, () => Failures]
    ];
    var GpuDevice$ = [
      3,
      n0,
      _GD,
      0,
      [_gIp, _sM, _tMIMB, _rMIMB, _cCo],
      [0, 0, 1, 1, 1]
    ];
    var HealthCheck$ = [
      3,
      n0,
      _HC,
      0,
      [_com, _int, _ti, _ret, _sP],
      [64 | 0, 1, 1, 1, 1],
      1
    ];
    var HostEntry$ = [
      3,
      n0,
      _HE,
      0,
      [_h, _iA],
      [0, 0],
      2
    ];
    var HostSharedAlbConfiguration$ = [
      3,
      n0,
      _HSAC,
      0,
      [_nC, _sch, _wACLA, _aL, _po, _pr, _mAC, _hDt, _tTR],
      [() => GatewayElbNetworkConfiguration$, 0, 0, () => GatewayElbAccessLogConfiguration$, 1, 0, 1, 0, () => GatewayAlbTestTrafficRules$]
    ];
    var HostVolumeProperties$ = [
      3,
      n0,
      _HVP,
      0,
      [_sPo],
      [0]
    ];
    var InferenceAccelerator$ = [
      3,
      n0,
      _IA,
      0,
      [_dNe, _dT],
      [0, 0],
      2
    ];
    var InferenceAcceleratorOverride$ = [
      3,
      n0,
      _IAO,
      0,
      [_dNe, _dT],
      [0, 0]
    ];
    var InfrastructureOptimization$ = [
      3,
      n0,
      _IO,
      0,
      [_sIA],
      [1]
    ];
    var IngressPathSummary$ = [
      3,
      n0,
      _IPS,
      0,
      [_aT, _end],
      [0, 0],
      2
    ];
    var InstanceHealthCheckResult$ = [
      3,
      n0,
      _IHCR,
      0,
      [_t, _st, _sR, _lU, _lSC],
      [0, 0, 0, 4, 4]
    ];
    var InstanceLaunchTemplate$ = [
      3,
      n0,
      _ILT,
      0,
      [_eIPA, _nC, _sCto, _lSCo, _mo, _cOT, _iMTP, _iR, _fE, _cRa],
      [0, () => ManagedInstancesNetworkConfiguration$, () => ManagedInstancesStorageConfiguration$, () => ManagedInstancesLocalStorageConfiguration$, 0, 0, 2, [() => InstanceRequirementsRequest$, 0], 2, () => CapacityReservationRequest$],
      2
    ];
    var InstanceLaunchTemplateUpdate$ = [
      3,
      n0,
      _ILTU,
      0,
      [_eIPA, _nC, _sCto, _iMTP, _lSCo, _mo, _iR, _cRa],
      [0, () => ManagedInstancesNetworkConfiguration$, () => ManagedInstancesStorageConfiguration$, 2, () => ManagedInstancesLocalStorageConfiguration$, 0, [() => InstanceRequirementsRequest$, 0], () => CapacityReservationRequest$]
    ];
    var InstanceRequirementsRequest$ = [
      3,
      n0,
      _IRR,
      0,
      [_vCC, _mMB, _cM, _mGBPVC, _eIT, _iG, _sMPPOLP, _oDMPPOLP, _bM, _bP, _rHS, _nIC, _lSo, _lST, _tLSGB, _bEBM, _aTcc, _aCcc, _aM, _aNc, _aTMMB, _nBG, _aIT, _mSPAPOOODP],
      [() => VCpuCountRangeRequest$, () => MemoryMiBRequest$, [() => CpuManufacturerSet, { [_xN]: _CM }], () => MemoryGiBPerVCpuRequest$, [() => ExcludedInstanceTypeSet, { [_xN]: _EIT }], [() => InstanceGenerationSet, { [_xN]: _IG }], 1, 1, 0, 0, 2, () => NetworkInterfaceCountRequest$, 0, [() => LocalStorageTypeSet, { [_xN]: _LST }], () => TotalLocalStorageGBRequest$, () => BaselineEbsBandwidthMbpsRequest$, [() => AcceleratorTypeSet, { [_xN]: _AT }], () => AcceleratorCountRequest$, [() => AcceleratorManufacturerSet, { [_xN]: _AM }], [() => AcceleratorNameSet, { [_xN]: _AN }], () => AcceleratorTotalMemoryMiBRequest$, () => NetworkBandwidthGbpsRequest$, [() => AllowedInstanceTypeSet, { [_xN]: _AIT }], 1],
      2
    ];
    var KernelCapabilities$ = [
      3,
      n0,
      _KC,
      0,
      [_ad, _dro],
      [64 | 0, 64 | 0]
    ];
    var KeyValuePair$ = [
      3,
      n0,
      _KVP,
      0,
      [_n, _v],
      [0, 0]
    ];
    var LinearConfiguration$ = [
      3,
      n0,
      _LC,
      0,
      [_sPt, _sBTIM],
      [1, 1]
    ];
    var LinuxParameters$ = [
      3,
      n0,
      _LP,
      0,
      [_ca, _de, _iPE, _sMS, _tm, _mSa, _sw],
      [() => KernelCapabilities$, () => DevicesList, 2, 1, () => TmpfsList, 1, 1]
    ];
    var ListAccountSettingsRequest$ = [
      3,
      n0,
      _LASR,
      0,
      [_n, _v, _pA, _eS, _nT, _mRa],
      [0, 0, 0, 2, 0, 1]
    ];
    var ListAccountSettingsResponse$ = [
      3,
      n0,
      _LASRi,
      0,
      [_set, _nT],
      [() => Settings, 0]
    ];
    var ListAttributesRequest$ = [
      3,
      n0,
      _LAR,
      0,
      [_tT, _cl, _aNt, _aV, _nT, _mRa],
      [0, 0, 0, 0, 0, 1],
      1
    ];
    var ListAttributesResponse$ = [
      3,
      n0,
      _LARi,
      0,
      [_at, _nT],
      [() => Attributes, 0]
    ];
    var ListClustersRequest$ = [
      3,
      n0,
      _LCR,
      0,
      [_nT, _mRa],
      [0, 1]
    ];
    var ListClustersResponse$ = [
      3,
      n0,
      _LCRi,
      0,
      [_cAl, _nT],
      [64 | 0, 0]
    ];
    var ListContainerInstancesRequest$ = [
      3,
      n0,
      _LCIR,
      0,
      [_cl, _fil, _nT, _mRa, _st],
      [0, 0, 0, 1, 0]
    ];
    var ListContainerInstancesResponse$ = [
      3,
      n0,
      _LCIRi,
      0,
      [_cIAo, _nT],
      [64 | 0, 0]
    ];
    var ListDaemonDeploymentsRequest$ = [
      3,
      n0,
      _LDDR,
      0,
      [_dA, _st, _cAr, _mRa, _nT],
      [0, 64 | 0, () => CreatedAt$, 1, 0],
      1
    ];
    var ListDaemonDeploymentsResponse$ = [
      3,
      n0,
      _LDDRi,
      0,
      [_nT, _dD],
      [0, () => DaemonDeploymentSummaryList]
    ];
    var ListDaemonsRequest$ = [
      3,
      n0,
      _LDR,
      0,
      [_cA, _cPAa, _mRa, _nT],
      [0, 64 | 0, 1, 0]
    ];
    var ListDaemonsResponse$ = [
      3,
      n0,
      _LDRi,
      0,
      [_dSL, _nT],
      [() => DaemonSummariesList, 0]
    ];
    var ListDaemonTaskDefinitionsRequest$ = [
      3,
      n0,
      _LDTDR,
      0,
      [_fP, _f, _re, _st, _so, _nT, _mRa],
      [0, 0, 0, 0, 0, 0, 1]
    ];
    var ListDaemonTaskDefinitionsResponse$ = [
      3,
      n0,
      _LDTDRi,
      0,
      [_dTDa, _nT],
      [() => DaemonTaskDefinitionSummaries, 0]
    ];
    var ListGatewayClusterAssociationsRequest$ = [
      3,
      n0,
      _LGCAR,
      0,
      [_g, _cl, _st, _mRa, _nT],
      [0, 0, 64 | 0, 1, 0]
    ];
    var ListGatewayClusterAssociationsResponse$ = [
      3,
      n0,
      _LGCARi,
      0,
      [_gCA, _nT],
      [() => GatewayClusterAssociationSummaryList, 0]
    ];
    var ListGatewayRoutesRequest$ = [
      3,
      n0,
      _LGRR,
      0,
      [_g, _cl, _ser, _sCPN, _st, _mRa, _nT],
      [0, 0, 0, 0, 64 | 0, 1, 0]
    ];
    var ListGatewayRoutesResponse$ = [
      3,
      n0,
      _LGRRi,
      0,
      [_gRat, _nT],
      [() => GatewayRouteSummaryList, 0]
    ];
    var ListGatewaysRequest$ = [
      3,
      n0,
      _LGR,
      0,
      [_nam, _st, _mRa, _nT],
      [64 | 0, 64 | 0, 1, 0]
    ];
    var ListGatewaysResponse$ = [
      3,
      n0,
      _LGRi,
      0,
      [_ga, _nT],
      [() => GatewaySummaryList, 0]
    ];
    var ListServiceDeploymentsRequest$ = [
      3,
      n0,
      _LSDR,
      0,
      [_ser, _cl, _st, _cAr, _nT, _mRa],
      [0, 0, 64 | 0, () => CreatedAt$, 0, 1],
      1
    ];
    var ListServiceDeploymentsResponse$ = [
      3,
      n0,
      _LSDRi,
      0,
      [_sD, _nT],
      [() => ServiceDeploymentsBrief, 0]
    ];
    var ListServicesByNamespaceRequest$ = [
      3,
      n0,
      _LSBNR,
      0,
      [_na, _nT, _mRa],
      [0, 0, 1],
      1
    ];
    var ListServicesByNamespaceResponse$ = [
      3,
      n0,
      _LSBNRi,
      0,
      [_sAer, _nT],
      [64 | 0, 0]
    ];
    var ListServicesRequest$ = [
      3,
      n0,
      _LSR,
      0,
      [_cl, _nT, _mRa, _lT, _sS, _rMT],
      [0, 0, 1, 0, 0, 0]
    ];
    var ListServicesResponse$ = [
      3,
      n0,
      _LSRi,
      0,
      [_sAer, _nT],
      [64 | 0, 0]
    ];
    var ListTagsForResourceRequest$ = [
      3,
      n0,
      _LTFRR,
      0,
      [_rAes],
      [0],
      1
    ];
    var ListTagsForResourceResponse$ = [
      3,
      n0,
      _LTFRRi,
      0,
      [_ta],
      [() => Tags]
    ];
    var ListTaskDefinitionFamiliesRequest$ = [
      3,
      n0,
      _LTDFR,
      0,
      [_fP, _st, _nT, _mRa],
      [0, 0, 0, 1]
    ];
    var ListTaskDefinitionFamiliesResponse$ = [
      3,
      n0,
      _LTDFRi,
      0,
      [_fam, _nT],
      [64 | 0, 0]
    ];
    var ListTaskDefinitionsRequest$ = [
      3,
      n0,
      _LTDR,
      0,
      [_fP, _st, _so, _nT, _mRa],
      [0, 0, 0, 0, 1]
    ];
    var ListTaskDefinitionsResponse$ = [
      3,
      n0,
      _LTDRi,
      0,
      [_tDAa, _nT],
      [64 | 0, 0]
    ];
    var ListTasksRequest$ = [
      3,
      n0,
      _LTR,
      0,
      [_cl, _cIo, _f, _nT, _mRa, _sB, _sN, _dSe, _lT, _dNa],
      [0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    ];
    var ListTasksResponse$ = [
      3,
      n0,
      _LTRi,
      0,
      [_tAas, _nT],
      [64 | 0, 0]
    ];
    var LoadBalancer$ = [
      3,
      n0,
      _LB,
      0,
      [_tGA, _lBN, _cNo, _cPon, _aCd],
      [0, 0, 0, 1, () => AdvancedConfiguration$]
    ];
    var LogConfiguration$ = [
      3,
      n0,
      _LCo,
      0,
      [_lD, _o, _sO],
      [0, 128 | 0, () => SecretList],
      1
    ];
    var LogDriverVolumeConfiguration$ = [
      3,
      n0,
      _LDVC,
      0,
      [_dr],
      [0],
      1
    ];
    var ManagedAgent$ = [
      3,
      n0,
      _MA,
      0,
      [_lSA, _n, _r, _lS],
      [4, 0, 0, 0]
    ];
    var ManagedAgentStateChange$ = [
      3,
      n0,
      _MASC,
      0,
      [_cNo, _mAN, _st, _r],
      [0, 0, 0, 0],
      3
    ];
    var ManagedApplicationAutoScalingPolicy$ = [
      3,
      n0,
      _MAASP,
      0,
      [_st, _uA, _pTo, _tV, _met, _ar, _sR],
      [0, 4, 0, 1, 0, 0, 0],
      5
    ];
    var ManagedAutoScaling$ = [
      3,
      n0,
      _MAS,
      0,
      [_sTca, _aASP],
      [() => ManagedScalableTarget$, () => ManagedApplicationAutoScalingPolicies]
    ];
    var ManagedCertificate$ = [
      3,
      n0,
      _MC,
      0,
      [_st, _uA, _dNo, _ar, _sR],
      [0, 4, 0, 0, 0],
      3
    ];
    var ManagedIngressPath$ = [
      3,
      n0,
      _MIP,
      0,
      [_aT, _end, _lBo, _lBSG, _ce, _li, _ru, _tG],
      [0, 0, () => ManagedLoadBalancer$, () => ManagedSecurityGroups, () => ManagedCertificate$, () => ManagedListener$, () => ManagedListenerRule$, () => ManagedTargetGroups],
      2
    ];
    var ManagedInstancesLocalStorageConfiguration$ = [
      3,
      n0,
      _MILSC,
      0,
      [_uLS],
      [2]
    ];
    var ManagedInstancesNetworkConfiguration$ = [
      3,
      n0,
      _MINC,
      0,
      [_su, _sG],
      [64 | 0, 64 | 0]
    ];
    var ManagedInstancesProvider$ = [
      3,
      n0,
      _MIPa,
      0,
      [_iRA, _iLT, _pTr, _iO, _aRC],
      [0, [() => InstanceLaunchTemplate$, 0], 0, () => InfrastructureOptimization$, () => AutoRepairConfiguration$]
    ];
    var ManagedInstancesStorageConfiguration$ = [
      3,
      n0,
      _MISC,
      0,
      [_sSGB],
      [1]
    ];
    var ManagedListener$ = [
      3,
      n0,
      _ML,
      0,
      [_st, _uA, _ar, _sR],
      [0, 4, 0, 0],
      2
    ];
    var ManagedListenerRule$ = [
      3,
      n0,
      _MLR,
      0,
      [_st, _uA, _ar, _sR],
      [0, 4, 0, 0],
      2
    ];
    var ManagedLoadBalancer$ = [
      3,
      n0,
      _MLB,
      0,
      [_st, _uA, _sch, _ar, _sR, _sI, _sGI],
      [0, 4, 0, 0, 0, 64 | 0, 64 | 0],
      3
    ];
    var ManagedLogGroup$ = [
      3,
      n0,
      _MLG,
      0,
      [_st, _uA, _lGN, _ar, _sR],
      [0, 4, 0, 0, 0],
      3
    ];
    var ManagedMetricAlarm$ = [
      3,
      n0,
      _MMA,
      0,
      [_st, _uA, _ar, _sR],
      [0, 4, 0, 0],
      2
    ];
    var ManagedScalableTarget$ = [
      3,
      n0,
      _MST,
      0,
      [_st, _uA, _mC, _mCa, _ar, _sR],
      [0, 4, 1, 1, 0, 0],
      4
    ];
    var ManagedScaling$ = [
      3,
      n0,
      _MS,
      0,
      [_st, _tCa, _mSSS, _mSSSa, _iWP],
      [0, 1, 1, 1, 1]
    ];
    var ManagedSecurityGroup$ = [
      3,
      n0,
      _MSG,
      0,
      [_st, _uA, _ar, _sR],
      [0, 4, 0, 0],
      2
    ];
    var ManagedStorageConfiguration$ = [
      3,
      n0,
      _MSC,
      0,
      [_kKI, _fESKKI],
      [0, 0]
    ];
    var ManagedTargetGroup$ = [
      3,
      n0,
      _MTG,
      0,
      [_st, _uA, _hCP, _hCPea, _po, _ar, _sR],
      [0, 4, 0, 1, 1, 0, 0],
      5
    ];
    var MemoryGiBPerVCpuRequest$ = [
      3,
      n0,
      _MGBPVCR,
      0,
      [_mi, _ma],
      [1, 1]
    ];
    var MemoryMiBRequest$ = [
      3,
      n0,
      _MMBR,
      0,
      [_mi, _ma],
      [1, 1],
      1
    ];
    var MetricConfiguration$ = [
      3,
      n0,
      _MCe,
      0,
      [_mN, _rSe],
      [64 | 0, 1],
      2
    ];
    var MonitoringConfiguration$ = [
      3,
      n0,
      _MCo,
      0,
      [_mCe],
      [() => MetricConfigurationList]
    ];
    var MountPoint$ = [
      3,
      n0,
      _MP,
      0,
      [_sV, _cPo, _rO],
      [0, 0, 2]
    ];
    var NetworkBandwidthGbpsRequest$ = [
      3,
      n0,
      _NBGR,
      0,
      [_mi, _ma],
      [1, 1]
    ];
    var NetworkBinding$ = [
      3,
      n0,
      _NB,
      0,
      [_bIP, _cPon, _hPos, _pr, _cPR, _hPR],
      [0, 1, 1, 0, 0, 0]
    ];
    var NetworkConfiguration$ = [
      3,
      n0,
      _NC,
      0,
      [_aCw],
      [() => AwsVpcConfiguration$]
    ];
    var NetworkInterface$ = [
      3,
      n0,
      _NI,
      0,
      [_aI, _pIA, _iAp],
      [0, 0, 0]
    ];
    var NetworkInterfaceCountRequest$ = [
      3,
      n0,
      _NICR,
      0,
      [_mi, _ma],
      [1, 1]
    ];
    var NvidiaMpsAllocation$ = [
      3,
      n0,
      _NMA,
      0,
      [_me, _mCP],
      [1, 1],
      1
    ];
    var PlacementConstraint$ = [
      3,
      n0,
      _PC,
      0,
      [_t, _ex],
      [0, 0]
    ];
    var PlacementStrategy$ = [
      3,
      n0,
      _PS,
      0,
      [_t, _fie],
      [0, 0]
    ];
    var PlatformDevice$ = [
      3,
      n0,
      _PD,
      0,
      [_i, _t],
      [0, 0],
      2
    ];
    var PortMapping$ = [
      3,
      n0,
      _PM,
      0,
      [_cPon, _hPos, _pr, _n, _aP, _cPR],
      [1, 1, 0, 0, 0, 0]
    ];
    var ProtectedTask$ = [
      3,
      n0,
      _PT,
      0,
      [_tA, _pE, _eD],
      [0, 2, 4]
    ];
    var ProxyConfiguration$ = [
      3,
      n0,
      _PCr,
      0,
      [_cNo, _t, _pro],
      [0, 0, () => ProxyConfigurationProperties],
      1
    ];
    var PutAccountSettingDefaultRequest$ = [
      3,
      n0,
      _PASDR,
      0,
      [_n, _v],
      [0, 0],
      2
    ];
    var PutAccountSettingDefaultResponse$ = [
      3,
      n0,
      _PASDRu,
      0,
      [_sett],
      [() => Setting$]
    ];
    var PutAccountSettingRequest$ = [
      3,
      n0,
      _PASR,
      0,
      [_n, _v, _pA],
      [0, 0, 0],
      2
    ];
    var PutAccountSettingResponse$ = [
      3,
      n0,
      _PASRu,
      0,
      [_sett],
      [() => Setting$]
    ];
    var PutAttributesRequest$ = [
      3,
      n0,
      _PAR,
      0,
      [_at, _cl],
      [() => Attributes, 0],
      1
    ];
    var PutAttributesResponse$ = [
      3,
      n0,
      _PARu,
      0,
      [_at],
      [() => Attributes]
    ];
    var PutClusterCapacityProvidersRequest$ = [
      3,
      n0,
      _PCCPR,
      0,
      [_cl, _cPap, _dCPS],
      [0, 64 | 0, () => CapacityProviderStrategy],
      3
    ];
    var PutClusterCapacityProvidersResponse$ = [
      3,
      n0,
      _PCCPRu,
      0,
      [_cl],
      [() => Cluster$]
    ];
    var RegisterContainerInstanceRequest$ = [
      3,
      n0,
      _RCIR,
      0,
      [_cl, _iID, _iIDS, _tR, _vI, _cIA, _at, _pD, _ta],
      [0, 0, 0, () => Resources, () => VersionInfo$, 0, () => Attributes, () => PlatformDevices, () => Tags]
    ];
    var RegisterContainerInstanceResponse$ = [
      3,
      n0,
      _RCIRe,
      0,
      [_cIo],
      [() => ContainerInstance$]
    ];
    var RegisterDaemonTaskDefinitionRequest$ = [
      3,
      n0,
      _RDTDR,
      0,
      [_f, _cD, _tRA, _eRA, _cp, _me, _vo, _ta, _pMi, _iM],
      [0, [() => DaemonContainerDefinitionList, 0], 0, 0, 0, 0, () => DaemonVolumeList, () => Tags, 0, 0],
      2
    ];
    var RegisterDaemonTaskDefinitionResponse$ = [
      3,
      n0,
      _RDTDRe,
      0,
      [_dTDA],
      [0]
    ];
    var RegisterTaskDefinitionRequest$ = [
      3,
      n0,
      _RTDR,
      0,
      [_f, _cD, _tRA, _eRA, _nM, _vo, _pCl, _rCe, _cp, _me, _ta, _pMi, _iM, _pCr, _iAn, _eSp, _rPu, _eFI],
      [0, [() => ContainerDefinitions, 0], 0, 0, 0, () => VolumeList, () => TaskDefinitionPlacementConstraints, 64 | 0, 0, 0, () => Tags, 0, 0, () => ProxyConfiguration$, () => InferenceAccelerators, () => EphemeralStorage$, () => RuntimePlatform$, 2],
      2
    ];
    var RegisterTaskDefinitionResponse$ = [
      3,
      n0,
      _RTDRe,
      0,
      [_tD, _ta],
      [[() => TaskDefinition$, 0], () => Tags]
    ];
    var RepositoryCredentials$ = [
      3,
      n0,
      _RC,
      8,
      [_cPr],
      [0],
      1
    ];
    var ResolvedConfiguration$ = [
      3,
      n0,
      _RCe,
      0,
      [_lB, _vLC],
      [() => ServiceRevisionLoadBalancers, () => ServiceRevisionVpcLatticeConfigurations]
    ];
    var Resource$ = [
      3,
      n0,
      _R,
      0,
      [_n, _t, _dV, _lV, _iV, _sSV],
      [0, 0, 1, 1, 1, 64 | 0]
    ];
    var ResourceRequirement$ = [
      3,
      n0,
      _RR,
      0,
      [_t, _v, _sSh],
      [0, 0, () => SharingStrategy$],
      1
    ];
    var Rollback$ = [
      3,
      n0,
      _Ro,
      0,
      [_r, _sA, _sRAe],
      [0, 4, 0]
    ];
    var RunTaskRequest$ = [
      3,
      n0,
      _RTR,
      0,
      [_tD, _cPS, _cl, _cou, _eECSMT, _eEC, _gr, _lT, _nC, _ov, _pCl, _pS, _pV, _pTr, _rIe, _sB, _ta, _cT, _vCo],
      [0, () => CapacityProviderStrategy, 0, 1, 2, 2, 0, 0, () => NetworkConfiguration$, [() => TaskOverride$, 0], () => PlacementConstraints, () => PlacementStrategies, 0, 0, 0, 0, () => Tags, [0, 4], () => TaskVolumeConfigurations],
      1
    ];
    var RunTaskResponse$ = [
      3,
      n0,
      _RTRu,
      0,
      [_tas, _fa],
      [[() => Tasks, 0], () => Failures]
    ];
    var RuntimePlatform$ = [
      3,
      n0,
      _RP,
      0,
      [_cAp, _oSF],
      [0, 0]
    ];
    var RuntimePlatformOverride$ = [
      3,
      n0,
      _RPO,
      0,
      [_cAp],
      [0]
    ];
    var S3FilesVolumeConfiguration$ = [
      3,
      n0,
      _SFVC,
      0,
      [_fSA, _rD, _tEP, _aPA],
      [0, 0, 1, 0],
      1
    ];
    var Scale$ = [
      3,
      n0,
      _S,
      0,
      [_v, _un],
      [1, 0]
    ];
    var Secret$ = [
      3,
      n0,
      _Se,
      0,
      [_n, _vFa],
      [0, 0],
      2
    ];
    var Service$ = [
      3,
      n0,
      _Ser,
      0,
      [_sAe, _sN, _cA, _lB, _sRe, _st, _dCe, _rCu, _pCe, _lT, _cPS, _pV, _pF, _tD, _dC, _tSa, _dep, _rA, _ev, _cAr, _cSD, _cSR, _pCl, _pS, _nC, _hCGPS, _sS, _dCep, _ta, _cBr, _eECSMT, _pTr, _eEC, _aZR, _rMT],
      [0, 0, 0, () => LoadBalancers, () => ServiceRegistries, 0, 1, 1, 1, 0, () => CapacityProviderStrategy, 0, 0, 0, () => DeploymentConfiguration$, () => TaskSets, () => Deployments, 0, () => ServiceEvents, 4, 0, () => ServiceCurrentRevisionSummaryList, () => PlacementConstraints, () => PlacementStrategies, () => NetworkConfiguration$, 1, 0, () => DeploymentController$, () => Tags, 0, 2, 0, 2, 0, 0]
    ];
    var ServiceConnectAccessLogConfiguration$ = [
      3,
      n0,
      _SCALC,
      0,
      [_for, _iQP],
      [0, 0],
      1
    ];
    var ServiceConnectClientAlias$ = [
      3,
      n0,
      _SCCA,
      0,
      [_po, _dNn, _tTR],
      [1, 0, () => ServiceConnectTestTrafficRules$],
      1
    ];
    var ServiceConnectConfiguration$ = [
      3,
      n0,
      _SCC,
      0,
      [_ena, _na, _serv, _lC, _aLCc, _cCon],
      [2, 0, () => ServiceConnectServiceList, () => LogConfiguration$, () => ServiceConnectAccessLogConfiguration$, () => ServiceConnectContainerConfigurations],
      1
    ];
    var ServiceConnectService$ = [
      3,
      n0,
      _SCS,
      0,
      [_pN, _dNi, _cAli, _iPO, _ti, _tl],
      [0, 0, () => ServiceConnectClientAliasList, 1, () => TimeoutConfiguration$, () => ServiceConnectTlsConfiguration$],
      1
    ];
    var ServiceConnectServiceResource$ = [
      3,
      n0,
      _SCSR,
      0,
      [_dNi, _dAi],
      [0, 0]
    ];
    var ServiceConnectTestTrafficHeaderMatchRules$ = [
      3,
      n0,
      _SCTTHMR,
      0,
      [_exa],
      [0],
      1
    ];
    var ServiceConnectTestTrafficHeaderRules$ = [
      3,
      n0,
      _SCTTHR,
      0,
      [_n, _v],
      [0, () => ServiceConnectTestTrafficHeaderMatchRules$],
      1
    ];
    var ServiceConnectTestTrafficRules$ = [
      3,
      n0,
      _SCTTR,
      0,
      [_he],
      [() => ServiceConnectTestTrafficHeaderRules$],
      1
    ];
    var ServiceConnectTlsCertificateAuthority$ = [
      3,
      n0,
      _SCTCA,
      0,
      [_aPAA],
      [0]
    ];
    var ServiceConnectTlsConfiguration$ = [
      3,
      n0,
      _SCTC,
      0,
      [_iCA, _kK, _rA],
      [() => ServiceConnectTlsCertificateAuthority$, 0, 0],
      1
    ];
    var ServiceCurrentRevisionSummary$ = [
      3,
      n0,
      _SCRS,
      0,
      [_ar, _rTCe, _rTCu, _pTCe],
      [0, 1, 1, 1]
    ];
    var ServiceDeployment$ = [
      3,
      n0,
      _SD,
      0,
      [_sDA, _sAe, _cA, _cAr, _sA, _fA, _sAt, _uA, _sSR, _tSR, _st, _sR, _lSif, _lHD, _dC, _rol, _dCB, _al],
      [0, 0, 0, 4, 4, 4, 4, 4, () => ServiceRevisionsSummaryList, () => ServiceRevisionSummary$, 0, 0, 0, () => DeploymentLifecycleHookDetailList, () => DeploymentConfiguration$, () => Rollback$, () => ServiceDeploymentCircuitBreaker$, () => ServiceDeploymentAlarms$]
    ];
    var ServiceDeploymentAlarms$ = [
      3,
      n0,
      _SDA,
      0,
      [_st, _aN, _tAN],
      [0, 64 | 0, 64 | 0]
    ];
    var ServiceDeploymentBrief$ = [
      3,
      n0,
      _SDB,
      0,
      [_sDA, _sAe, _cA, _sA, _cAr, _fA, _tSRA, _st, _sR],
      [0, 0, 0, 4, 4, 4, 0, 0, 0]
    ];
    var ServiceDeploymentCircuitBreaker$ = [
      3,
      n0,
      _SDCB,
      0,
      [_st, _fCa, _th],
      [0, 1, 1]
    ];
    var ServiceEvent$ = [
      3,
      n0,
      _SEe,
      0,
      [_i, _cAr, _m],
      [0, 4, 0]
    ];
    var ServiceManagedEBSVolumeConfiguration$ = [
      3,
      n0,
      _SMEBSVC,
      0,
      [_rA, _enc, _kKI, _vT, _sIGB, _sIn, _vIR, _io, _thr, _tSag, _fTi],
      [0, 2, 0, 0, 1, 0, 1, 1, 1, () => EBSTagSpecifications, 0],
      1
    ];
    var ServiceRegistry$ = [
      3,
      n0,
      _SR,
      0,
      [_rAeg, _po, _cNo, _cPon],
      [0, 1, 0, 1]
    ];
    var ServiceRevision$ = [
      3,
      n0,
      _SRe,
      0,
      [_sRAe, _sAe, _cA, _tD, _cPS, _lT, _pV, _pF, _lB, _sRe, _nC, _cI, _gDE, _sCC, _vCo, _fES, _cAr, _vLC, _rCes, _eMR, _ov, _gC, _mo],
      [0, 0, 0, 0, () => CapacityProviderStrategy, 0, 0, 0, () => LoadBalancers, () => ServiceRegistries, () => NetworkConfiguration$, () => ContainerImages, 2, () => ServiceConnectConfiguration$, () => ServiceVolumeConfigurations, () => DeploymentEphemeralStorage$, 4, () => VpcLatticeConfigurations, () => ResolvedConfiguration$, () => ECSManagedResources$, () => ServiceRevisionOverrides$, () => GatewayConnectorList, () => MonitoringConfiguration$]
    ];
    var ServiceRevisionLoadBalancer$ = [
      3,
      n0,
      _SRLB,
      0,
      [_tGA, _pLR],
      [0, 0]
    ];
    var ServiceRevisionOverrides$ = [
      3,
      n0,
      _SRO,
      0,
      [_rPu],
      [() => RuntimePlatformOverride$]
    ];
    var ServiceRevisionSummary$ = [
      3,
      n0,
      _SRS,
      0,
      [_ar, _rTCe, _rTCu, _pTCe, _rTTW, _rPTW],
      [0, 1, 1, 1, 1, 1]
    ];
    var ServiceRevisionVpcLatticeConfiguration$ = [
      3,
      n0,
      _SRVLC,
      0,
      [_tGA, _pLR],
      [0, 0]
    ];
    var ServiceVolumeConfiguration$ = [
      3,
      n0,
      _SVC,
      0,
      [_n, _mEBSV],
      [0, () => ServiceManagedEBSVolumeConfiguration$],
      1
    ];
    var Session$ = [
      3,
      n0,
      _Ses,
      0,
      [_sIe, _sUt, _tVo],
      [0, 0, [() => SensitiveString, 0]]
    ];
    var Setting$ = [
      3,
      n0,
      _Set,
      0,
      [_n, _v, _pA, _t],
      [0, 0, 0, 0]
    ];
    var StartTaskRequest$ = [
      3,
      n0,
      _STR,
      0,
      [_cIon, _tD, _cl, _eECSMT, _eEC, _gr, _nC, _ov, _pTr, _rIe, _sB, _ta, _vCo],
      [64 | 0, 0, 0, 2, 2, 0, () => NetworkConfiguration$, [() => TaskOverride$, 0], 0, 0, 0, () => Tags, () => TaskVolumeConfigurations],
      2
    ];
    var StartTaskResponse$ = [
      3,
      n0,
      _STRt,
      0,
      [_tas, _fa],
      [[() => Tasks, 0], () => Failures]
    ];
    var StopServiceDeploymentRequest$ = [
      3,
      n0,
      _SSDR,
      0,
      [_sDA, _sTto],
      [0, 0],
      1
    ];
    var StopServiceDeploymentResponse$ = [
      3,
      n0,
      _SSDRt,
      0,
      [_sDA],
      [0]
    ];
    var StopTaskRequest$ = [
      3,
      n0,
      _STRto,
      0,
      [_task, _cl, _r],
      [0, 0, 0],
      1
    ];
    var StopTaskResponse$ = [
      3,
      n0,
      _STRtop,
      0,
      [_task],
      [[() => Task$, 0]]
    ];
    var SubmitAttachmentStateChangesRequest$ = [
      3,
      n0,
      _SASCR,
      0,
      [_a, _cl],
      [() => AttachmentStateChanges, 0],
      1
    ];
    var SubmitAttachmentStateChangesResponse$ = [
      3,
      n0,
      _SASCRu,
      0,
      [_ack],
      [0]
    ];
    var SubmitContainerStateChangeRequest$ = [
      3,
      n0,
      _SCSCR,
      0,
      [_cl, _task, _cNo, _rIu, _st, _eC, _r, _nB],
      [0, 0, 0, 0, 0, 1, 0, () => NetworkBindings]
    ];
    var SubmitContainerStateChangeResponse$ = [
      3,
      n0,
      _SCSCRu,
      0,
      [_ack],
      [0]
    ];
    var SubmitTaskStateChangeRequest$ = [
      3,
      n0,
      _STSCR,
      0,
      [_cl, _task, _st, _r, _conta, _a, _mA, _pSA, _pSAu, _eSA],
      [0, 0, 0, 0, () => ContainerStateChanges, () => AttachmentStateChanges, () => ManagedAgentStateChanges, 4, 4, 4]
    ];
    var SubmitTaskStateChangeResponse$ = [
      3,
      n0,
      _STSCRu,
      0,
      [_ack],
      [0]
    ];
    var SystemControl$ = [
      3,
      n0,
      _SC,
      0,
      [_na, _v],
      [0, 0]
    ];
    var Tag$ = [
      3,
      n0,
      _T,
      0,
      [_k, _v],
      [0, 0]
    ];
    var TagResourceRequest$ = [
      3,
      n0,
      _TRR,
      0,
      [_rAes, _ta],
      [0, () => Tags],
      2
    ];
    var TagResourceResponse$ = [
      3,
      n0,
      _TRRa,
      0,
      [],
      []
    ];
    var Task$ = [
      3,
      n0,
      _Ta,
      0,
      [_a, _at, _aZ, _cPN, _cA, _conn, _cAon, _cIA, _conta, _cp, _cAr, _dSe, _eEC, _eSA, _gr, _hS, _iAn, _lS, _lT, _me, _ov, _pV, _pF, _pSA, _pSAu, _sA, _sB, _sCtop, _sAt, _sRt, _sAto, _ta, _tA, _tDA, _ve, _eSp, _fES],
      [() => Attachments, () => Attributes, 0, 0, 0, 0, 4, 0, () => Containers, 0, 4, 0, 2, 4, 0, 0, () => InferenceAccelerators, 0, 0, 0, [() => TaskOverride$, 0], 0, 0, 4, 4, 4, 0, 0, 4, 0, 4, () => Tags, 0, 0, 1, () => EphemeralStorage$, () => TaskEphemeralStorage$]
    ];
    var TaskDefinition$ = [
      3,
      n0,
      _TD,
      0,
      [_tDA, _cD, _f, _tRA, _eRA, _nM, _re, _vo, _st, _rAeq, _pCl, _comp, _rPu, _rCe, _cp, _me, _iAn, _pMi, _iM, _pCr, _rAe, _dAer, _dRAe, _rB, _eSp, _eFI],
      [0, [() => ContainerDefinitions, 0], 0, 0, 0, 0, 1, () => VolumeList, 0, () => RequiresAttributes, () => TaskDefinitionPlacementConstraints, 64 | 0, () => RuntimePlatform$, 64 | 0, 0, 0, () => InferenceAccelerators, 0, 0, () => ProxyConfiguration$, 4, 4, 4, 0, () => EphemeralStorage$, 2]
    ];
    var TaskDefinitionPlacementConstraint$ = [
      3,
      n0,
      _TDPC,
      0,
      [_t, _ex],
      [0, 0]
    ];
    var TaskEphemeralStorage$ = [
      3,
      n0,
      _TES,
      0,
      [_sIGB, _kKI],
      [1, 0]
    ];
    var TaskManagedEBSVolumeConfiguration$ = [
      3,
      n0,
      _TMEBSVC,
      0,
      [_rA, _enc, _kKI, _vT, _sIGB, _sIn, _vIR, _io, _thr, _tSag, _tP, _fTi],
      [0, 2, 0, 0, 1, 0, 1, 1, 1, () => EBSTagSpecifications, () => TaskManagedEBSVolumeTerminationPolicy$, 0],
      1
    ];
    var TaskManagedEBSVolumeTerminationPolicy$ = [
      3,
      n0,
      _TMEBSVTP,
      0,
      [_dOT],
      [2],
      1
    ];
    var TaskOverride$ = [
      3,
      n0,
      _TO,
      0,
      [_cO, _cp, _iAO, _eRA, _me, _tRA, _eSp],
      [[() => ContainerOverrides, 0], 0, () => InferenceAcceleratorOverrides, 0, 0, 0, () => EphemeralStorage$]
    ];
    var TaskSet$ = [
      3,
      n0,
      _TS,
      0,
      [_i, _tSA, _sAe, _cA, _sB, _eI, _st, _tD, _cDC, _pCe, _rCu, _cAr, _uA, _lT, _cPS, _pV, _pF, _nC, _lB, _sRe, _sc, _sSt, _sSA, _ta, _fES],
      [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 4, 4, 0, () => CapacityProviderStrategy, 0, 0, () => NetworkConfiguration$, () => LoadBalancers, () => ServiceRegistries, () => Scale$, 0, 4, () => Tags, () => DeploymentEphemeralStorage$]
    ];
    var TaskVolumeConfiguration$ = [
      3,
      n0,
      _TVC,
      0,
      [_n, _mEBSV],
      [0, () => TaskManagedEBSVolumeConfiguration$],
      1
    ];
    var ThresholdConfiguration$ = [
      3,
      n0,
      _TC,
      0,
      [_t, _v],
      [0, 1],
      2
    ];
    var TimeoutConfiguration$ = [
      3,
      n0,
      _TCi,
      0,
      [_iTS, _pRTS],
      [1, 1]
    ];
    var Tmpfs$ = [
      3,
      n0,
      _Tm,
      0,
      [_cPo, _si, _mO],
      [0, 1, 64 | 0],
      2
    ];
    var TotalLocalStorageGBRequest$ = [
      3,
      n0,
      _TLSGBR,
      0,
      [_mi, _ma],
      [1, 1]
    ];
    var Ulimit$ = [
      3,
      n0,
      _U,
      0,
      [_n, _sL, _hL],
      [0, 1, 1],
      3
    ];
    var UntagResourceRequest$ = [
      3,
      n0,
      _URR,
      0,
      [_rAes, _tK],
      [0, 64 | 0],
      2
    ];
    var UntagResourceResponse$ = [
      3,
      n0,
      _URRn,
      0,
      [],
      []
    ];
    var UpdateCapacityProviderRequest$ = [
      3,
      n0,
      _UCPR,
      0,
      [_n, _cl, _aSGP, _mIP],
      [0, 0, () => AutoScalingGroupProviderUpdate$, [() => UpdateManagedInstancesProviderConfiguration$, 0]],
      1
    ];
    var UpdateCapacityProviderResponse$ = [
      3,
      n0,
      _UCPRp,
      0,
      [_cPa],
      [[() => CapacityProvider$, 0]]
    ];
    var UpdateClusterRequest$ = [
      3,
      n0,
      _UCR,
      0,
      [_cl, _set, _co, _sCD],
      [0, () => ClusterSettings, () => ClusterConfiguration$, () => ClusterServiceConnectDefaultsRequest$],
      1
    ];
    var UpdateClusterResponse$ = [
      3,
      n0,
      _UCRp,
      0,
      [_cl],
      [() => Cluster$]
    ];
    var UpdateClusterSettingsRequest$ = [
      3,
      n0,
      _UCSR,
      0,
      [_cl, _set],
      [0, () => ClusterSettings],
      2
    ];
    var UpdateClusterSettingsResponse$ = [
      3,
      n0,
      _UCSRp,
      0,
      [_cl],
      [() => Cluster$]
    ];
    var UpdateContainerAgentRequest$ = [
      3,
      n0,
      _UCAR,
      0,
      [_cIo, _cl],
      [0, 0],
      1
    ];
    var UpdateContainerAgentResponse$ = [
      3,
      n0,
      _UCARp,
      0,
      [_cIo],
      [() => ContainerInstance$]
    ];
    var UpdateContainerInstancesStateRequest$ = [
      3,
      n0,
      _UCISR,
      0,
      [_cIon, _st, _cl],
      [64 | 0, 0, 0],
      2
    ];
    var UpdateContainerInstancesStateResponse$ = [
      3,
      n0,
      _UCISRp,
      0,
      [_cIon, _fa],
      [() => ContainerInstances, () => Failures]
    ];
    var UpdateDaemonRequest$ = [
      3,
      n0,
      _UDR,
      0,
      [_dA, _dTDA, _cPAa, _dC, _pTr, _eECSMT, _eEC, _cr],
      [0, 0, 64 | 0, () => DaemonDeploymentConfiguration$, 0, 2, 2, 2],
      3
    ];
    var UpdateDaemonResponse$ = [
      3,
      n0,
      _UDRp,
      0,
      [_dA, _st, _cAr, _uA, _dAe],
      [0, 0, 4, 4, 0]
    ];
    var UpdatedExpressGatewayService$ = [
      3,
      n0,
      _UEGS,
      0,
      [_sAe, _cl, _sN, _st, _tCar, _cAr, _uA],
      [0, 0, 0, () => ExpressGatewayServiceStatus$, [() => ExpressGatewayServiceConfiguration$, 0], 4, 4]
    ];
    var UpdateExpressGatewayServiceRequest$ = [
      3,
      n0,
      _UEGSR,
      0,
      [_sAe, _eRA, _hCP, _pC, _tRA, _nC, _cp, _me, _cAp, _sTc, _tDA],
      [0, 0, 0, [() => ExpressGatewayContainer$, 0], 0, () => ExpressGatewayServiceNetworkConfiguration$, 0, 0, 0, () => ExpressGatewayScalingTarget$, 0],
      1
    ];
    var UpdateExpressGatewayServiceResponse$ = [
      3,
      n0,
      _UEGSRp,
      0,
      [_ser],
      [[() => UpdatedExpressGatewayService$, 0]]
    ];
    var UpdateGatewayAlbConfiguration$ = [
      3,
      n0,
      _UGAC,
      0,
      [_nC, _mAC, _wACLA, _aL, _hDt, _tTR],
      [() => UpdateGatewayNetworkConfiguration$, 1, 0, () => GatewayElbAccessLogConfiguration$, 0, () => GatewayAlbTestTrafficRules$]
    ];
    var UpdateGatewayNetworkConfiguration$ = [
      3,
      n0,
      _UGNC,
      0,
      [_iSG],
      [0]
    ];
    var UpdateGatewayRequest$ = [
      3,
      n0,
      _UGR,
      0,
      [_g, _iRA, _dP, _co, _pTr],
      [0, 0, 2, () => UpdateGatewayConfiguration$, 0],
      1
    ];
    var UpdateGatewayResponse$ = [
      3,
      n0,
      _UGRp,
      0,
      [_gA, _n, _st],
      [0, 0, 0]
    ];
    var UpdateManagedInstancesProviderConfiguration$ = [
      3,
      n0,
      _UMIPC,
      0,
      [_iRA, _iLT, _pTr, _iO, _aRC],
      [0, [() => InstanceLaunchTemplateUpdate$, 0], 0, () => InfrastructureOptimization$, () => AutoRepairConfiguration$],
      2
    ];
    var UpdateServicePrimaryTaskSetRequest$ = [
      3,
      n0,
      _USPTSR,
      0,
      [_cl, _ser, _pTS],
      [0, 0, 0],
      3
    ];
    var UpdateServicePrimaryTaskSetResponse$ = [
      3,
      n0,
      _USPTSRp,
      0,
      [_tS],
      [() => TaskSet$]
    ];
    var UpdateServiceRequest$ = [
      3,
      n0,
      _USR,
      0,
      [_ser, _cl, _dCe, _tD, _cPS, _dC, _aZR, _nC, _pCl, _pS, _pV, _fND, _hCGPS, _dCep, _eEC, _eECSMT, _lB, _pTr, _sRe, _sCC, _vCo, _vLC, _gC, _mo],
      [0, 0, 1, 0, () => CapacityProviderStrategy, () => DeploymentConfiguration$, 0, () => NetworkConfiguration$, () => PlacementConstraints, () => PlacementStrategies, 0, 2, 1, () => DeploymentController$, 2, 2, () => LoadBalancers, 0, () => ServiceRegistries, () => ServiceConnectConfiguration$, () => ServiceVolumeConfigurations, () => VpcLatticeConfigurations, () => GatewayConnectorList, () => MonitoringConfiguration$],
      1
    ];
    var UpdateServiceResponse$ = [
      3,
      n0,
      _USRp,
      0,
      [_ser],
      [() => Service$]
    ];
    var UpdateTaskProtectionRequest$ = [
      3,
      n0,
      _UTPR,
      0,
      [_cl, _tas, _pE, _eIM],
      [0, 64 | 0, 2, 1],
      3
    ];
    var UpdateTaskProtectionResponse$ = [
      3,
      n0,
      _UTPRp,
      0,
      [_pTro, _fa],
      [() => ProtectedTasks, () => Failures]
    ];
    var UpdateTaskSetRequest$ = [
      3,
      n0,
      _UTSR,
      0,
      [_cl, _ser, _tS, _sc],
      [0, 0, 0, () => Scale$],
      4
    ];
    var UpdateTaskSetResponse$ = [
      3,
      n0,
      _UTSRp,
      0,
      [_tS],
      [() => TaskSet$]
    ];
    var VCpuCountRangeRequest$ = [
      3,
      n0,
      _VCCRR,
      0,
      [_mi, _ma],
      [1, 1],
      1
    ];
    var VersionInfo$ = [
      3,
      n0,
      _VI,
      0,
      [_aVg, _aH, _dVo],
      [0, 0, 0]
    ];
    var Volume$ = [
      3,
      n0,
      _V,
      0,
      [_n, _ho, _dVC, _eVC, _sVC, _fWFSVC, _cAL],
      [0, () => HostVolumeProperties$, () => DockerVolumeConfiguration$, () => EFSVolumeConfiguration$, () => S3FilesVolumeConfiguration$, () => FSxWindowsFileServerVolumeConfiguration$, 2]
    ];
    var VolumeFrom$ = [
      3,
      n0,
      _VF,
      0,
      [_sCo, _rO],
      [0, 2]
    ];
    var VpcLatticeAdvancedConfiguration$ = [
      3,
      n0,
      _VLAC,
      0,
      [_aTGA, _pLR, _tLR],
      [0, 0, 0]
    ];
    var VpcLatticeConfiguration$ = [
      3,
      n0,
      _VLC,
      0,
      [_rA, _tGA, _pN, _aCd],
      [0, 0, 0, () => VpcLatticeAdvancedConfiguration$],
      3
    ];
    var AcceleratorManufacturerSet = [
      1,
      n0,
      _AMS,
      0,
      [
        0,
        { [_xN]: _it }
      ]
    ];
    var AcceleratorNameSet = [
      1,
      n0,
      _ANS,
      0,
      [
        0,
        { [_xN]: _it }
      ]
    ];
    var AcceleratorTypeSet = [
      1,
      n0,
      _ATS,
      0,
      [
        0,
        { [_xN]: _it }
      ]
    ];
    var AllowedInstanceTypeSet = [
      1,
      n0,
      _AITS,
      0,
      [
        0,
        { [_xN]: _it }
      ]
    ];
    var AttachmentDetails = [
      1,
      n0,
      _AD,
      0,
      () => KeyValuePair$
    ];
    var Attachments = [
      1,
      n0,
      _Att,
      0,
      () => Attachment$
    ];
    var AttachmentStateChanges = [
      1,
      n0,
      _ASCt,
      0,
      () => AttachmentStateChange$
    ];
    var Attributes = [
      1,
      n0,
      _Attr,
      0,
      () => Attribute$
    ];
    var CapacityProviders = [
      1,
      n0,
      _CPa,
      0,
      [
        () => CapacityProvider$,
        0
      ]
    ];
    var CapacityProviderStrategy = [
      1,
      n0,
      _CPS,
      0,
      () => CapacityProviderStrategyItem$
    ];
    var Clusters = [
      1,
      n0,
      _Cl,
      0,
      () => Cluster$
    ];
    var ClusterSettings = [
      1,
      n0,
      _CSl,
      0,
      () => ClusterSetting$
    ];
    var ContainerDefinitions = [
      1,
      n0,
      _CDon,
      0,
      [
        () => ContainerDefinition$,
        0
      ]
    ];
    var ContainerDependencies = [
      1,
      n0,
      _CDont,
      0,
      () => ContainerDependency$
    ];
    var ContainerImages = [
      1,
      n0,
      _CIon,
      0,
      () => ContainerImage$
    ];
    var ContainerInstances = [
      1,
      n0,
      _CIont,
      0,
      () => ContainerInstance$
    ];
    var ContainerOverrides = [
      1,
      n0,
      _COo,
      0,
      [
        () => ContainerOverride$,
        0
      ]
    ];
    var Containers = [
      1,
      n0,
      _Con,
      0,
      () => Container$
    ];
    var ContainerStateChanges = [
      1,
      n0,
      _CSCo,
      0,
      () => ContainerStateChange$
    ];
    var CpuManufacturerSet = [
      1,
      n0,
      _CMS,
      0,
      [
        0,
        { [_xN]: _it }
      ]
    ];
    var DaemonCapacityProviderList = [
      1,
      n0,
      _DCPL,
      0,
      () => DaemonCapacityProvider$
    ];
    var DaemonContainerDefinitionList = [
      1,
      n0,
      _DCDL,
      0,
      [
        () => DaemonContainerDefinition$,
        0
      ]
    ];
    var DaemonContainerImages = [
      1,
      n0,
      _DCIa,
      0,
      () => DaemonContainerImage$
    ];
    var DaemonDeploymentCapacityProviderList = [
      1,
      n0,
      _DDCPL,
      0,
      () => DaemonDeploymentCapacityProvider$
    ];
    var DaemonDeploymentList = [
      1,
      n0,
      _DDL,
      0,
      () => DaemonDeployment$
    ];
    var DaemonDeploymentRevisionDetailList = [
      1,
      n0,
      _DDRDL,
      0,
      () => DaemonDeploymentRevisionDetail$
    ];
    var DaemonDeploymentSummaryList = [
      1,
      n0,
      _DDSL,
      0,
      () => DaemonDeploymentSummary$
    ];
    var DaemonRevisionDetailList = [
      1,
      n0,
      _DRDL,
      0,
      () => DaemonRevisionDetail$
    ];
    var DaemonRevisions = [
      1,
      n0,
      _DRae,
      0,
      () => DaemonRevision$
    ];
    var DaemonSummariesList = [
      1,
      n0,
      _DSL,
      0,
      () => DaemonSummary$
    ];
    var DaemonTaskDefinitionSummaries = [
      1,
      n0,
      _DTDSa,
      0,
      () => DaemonTaskDefinitionSummary$
    ];
    var DaemonVolumeList = [
      1,
      n0,
      _DVL,
      0,
      () => DaemonVolume$
    ];
    var DeploymentLifecycleHookDetailList = [
      1,
      n0,
      _DLHDL,
      0,
      () => DeploymentLifecycleHookDetail$
    ];
    var DeploymentLifecycleHookList = [
      1,
      n0,
      _DLHL,
      0,
      () => DeploymentLifecycleHook$
    ];
    var Deployments = [
      1,
      n0,
      _Dep,
      0,
      () => Deployment$
    ];
    var DevicesList = [
      1,
      n0,
      _DL,
      0,
      () => Device$
    ];
    var EBSTagSpecifications = [
      1,
      n0,
      _EBSTSa,
      0,
      () => EBSTagSpecification$
    ];
    var ElbGatewayResourcesList = [
      1,
      n0,
      _EGRL,
      0,
      () => ElbGatewayResources$
    ];
    var EnvironmentFiles = [
      1,
      n0,
      _EFn,
      0,
      () => EnvironmentFile$
    ];
    var EnvironmentVariables = [
      1,
      n0,
      _EV,
      8,
      () => KeyValuePair$
    ];
    var ExcludedInstanceTypeSet = [
      1,
      n0,
      _EITS,
      0,
      [
        0,
        { [_xN]: _it }
      ]
    ];
    var ExpressGatewayServiceConfigurations = [
      1,
      n0,
      _EGSCx,
      0,
      [
        () => ExpressGatewayServiceConfiguration$,
        0
      ]
    ];
    var Failures = [
      1,
      n0,
      _Fa,
      0,
      () => Failure$
    ];
    var GatewayClusterAssociationSummaryList = [
      1,
      n0,
      _GCASL,
      0,
      () => GatewayClusterAssociationSummary$
    ];
    var GatewayConnectionAlbResourcesList = [
      1,
      n0,
      _GCARL,
      0,
      () => GatewayConnectionAlbResources$
    ];
    var GatewayConnectionList = [
      1,
      n0,
      _GCL,
      0,
      () => GatewayConnection$
    ];
    var GatewayConnectorList = [
      1,
      n0,
      _GCLa,
      0,
      () => GatewayConnector$
    ];
    var GatewayOperationErrorList = [
      1,
      n0,
      _GOEL,
      0,
      () => GatewayOperationError$
    ];
    var GatewayResourceFailureList = [
      1,
      n0,
      _GRFL,
      0,
      () => GatewayResourceFailure$
    ];
    var GatewayRouteAlbResourcesList = [
      1,
      n0,
      _GRARL,
      0,
      () => GatewayRouteAlbResources$
    ];
    var GatewayRouteLoadBalancerSecurityGroupList = [
      1,
      n0,
      _GRLBSGL,
      0,
      () => GatewayRouteLoadBalancerSecurityGroup$
    ];
    var GatewayRouteSummaryList = [
      1,
      n0,
      _GRSL,
      0,
      () => GatewayRouteSummary$
    ];
    var GatewaySummaryList = [
      1,
      n0,
      _GSL,
      0,
      () => GatewaySummary$
    ];
    var GpuDevices = [
      1,
      n0,
      _GDp,
      0,
      () => GpuDevice$
    ];
    var HostEntryList = [
      1,
      n0,
      _HEL,
      0,
      () => HostEntry$
    ];
    var InferenceAcceleratorOverrides = [
      1,
      n0,
      _IAOn,
      0,
      () => InferenceAcceleratorOverride$
    ];
    var InferenceAccelerators = [
      1,
      n0,
      _IAn,
      0,
      () => InferenceAccelerator$
    ];
    var IngressPathSummaries = [
      1,
      n0,
      _IPSn,
      0,
      () => IngressPathSummary$
    ];
    var InstanceGenerationSet = [
      1,
      n0,
      _IGS,
      0,
      [
        0,
        { [_xN]: _it }
      ]
    ];
    var InstanceHealthCheckResultList = [
      1,
      n0,
      _IHCRL,
      0,
      () => InstanceHealthCheckResult$
    ];
    var LoadBalancers = [
      1,
      n0,
      _LBo,
      0,
      () => LoadBalancer$
    ];
    var LocalStorageTypeSet = [
      1,
      n0,
      _LSTS,
      0,
      [
        0,
        { [_xN]: _it }
      ]
    ];
    var ManagedAgents = [
      1,
      n0,
      _MAa,
      0,
      () => ManagedAgent$
    ];
    var ManagedAgentStateChanges = [
      1,
      n0,
      _MASCa,
      0,
      () => ManagedAgentStateChange$
    ];
    var ManagedApplicationAutoScalingPolicies = [
      1,
      n0,
      _MAASPa,
      0,
      () => ManagedApplicationAutoScalingPolicy$
    ];
    var ManagedIngressPaths = [
      1,
      n0,
      _MIPan,
      0,
      () => ManagedIngressPath$
    ];
    var ManagedLogGroups = [
      1,
      n0,
      _MLGa,
      0,
      () => ManagedLogGroup$
    ];
    var ManagedMetricAlarms = [
      1,
      n0,
      _MMAa,
      0,
      () => ManagedMetricAlarm$
    ];
    var ManagedSecurityGroups = [
      1,
      n0,
      _MSGa,
      0,
      () => ManagedSecurityGroup$
    ];
    var ManagedTargetGroups = [
      1,
      n0,
      _MTGa,
      0,
      () => ManagedTargetGroup$
    ];
    var MetricConfigurationList = [
      1,
      n0,
      _MCL,
      0,
      () => MetricConfiguration$
    ];
    var MountPointList = [
      1,
      n0,
      _MPL,
      0,
      () => MountPoint$
    ];
    var NetworkBindings = [
      1,
      n0,
      _NBe,
      0,
      () => NetworkBinding$
    ];
    var NetworkInterfaces = [
      1,
      n0,
      _NIe,
      0,
      () => NetworkInterface$
    ];
    var PlacementConstraints = [
      1,
      n0,
      _PCl,
      0,
      () => PlacementConstraint$
    ];
    var PlacementStrategies = [
      1,
      n0,
      _PSl,
      0,
      () => PlacementStrategy$
    ];
    var PlatformDevices = [
      1,
      n0,
      _PDl,
      0,
      () => PlatformDevice$
    ];
    var PortMappingList = [
      1,
      n0,
      _PML,
      0,
      () => PortMapping$
    ];
    var ProtectedTasks = [
      1,
      n0,
      _PTr,
      0,
      () => ProtectedTask$
    ];
    var ProxyConfigurationProperties = [
      1,
      n0,
      _PCP,
      0,
      () => KeyValuePair$
    ];
    var RequiresAttributes = [
      1,
      n0,
      _RA,
      0,
      () => Attribute$
    ];
    var ResourceRequirements = [
      1,
      n0,
      _RRe,
      0,
      () => ResourceRequirement$
    ];
    var Resources = [
      1,
      n0,
      _Re,
      0,
      () => Resource$
    ];
    var SecretList = [
      1,
      n0,
      _SL,
      0,
      () => Secret$
    ];
    var ServiceConnectClientAliasList = [
      1,
      n0,
      _SCCAL,
      0,
      () => ServiceConnectClientAlias$
    ];
    var ServiceConnectContainerConfigurations = [
      1,
      n0,
      _SCCC,
      0,
      () => ServiceConnectContainerConfiguration$
    ];
    var ServiceConnectServiceList = [
      1,
      n0,
      _SCSL,
      0,
      () => ServiceConnectService$
    ];
    var ServiceConnectServiceResourceList = [
      1,
      n0,
      _SCSRL,
      0,
      () => ServiceConnectServiceResource$
    ];
    var ServiceCurrentRevisionSummaryList = [
      1,
      n0,
      _SCRSL,
      0,
      () => ServiceCurrentRevisionSummary$
    ];
    var ServiceDeployments = [
      1,
      n0,
      _SDe,
      0,
      () => ServiceDeployment$
    ];
    var ServiceDeploymentsBrief = [
      1,
      n0,
      _SDBe,
      0,
      () => ServiceDeploymentBrief$
    ];
    var ServiceEvents = [
      1,
      n0,
      _SEer,
      0,
      () => ServiceEvent$
    ];
    var ServiceRegistries = [
      1,
      n0,
      _SRer,
      0,
      () => ServiceRegistry$
    ];
    var ServiceRevisionLoadBalancers = [
      1,
      n0,
      _SRLBe,
      0,
      () => ServiceRevisionLoadBalancer$
    ];
    var ServiceRevisions = [
      1,
      n0,
      _SRerv,
      0,
      () => ServiceRevision$
    ];
    var ServiceRevisionsSummaryList = [
      1,
      n0,
      _SRSL,
      0,
      () => ServiceRevisionSummary$
    ];
    var ServiceRevisionVpcLatticeConfigurations = [
      1,
      n0,
      _SRVLCe,
      0,
      () => ServiceRevisionVpcLatticeConfiguration$
    ];
    var Services = [
      1,
      n0,
      _Serv,
      0,
      () => Service$
    ];
    var ServiceVolumeConfigurations = [
      1,
      n0,
      _SVCe,
      0,
      () => ServiceVolumeConfiguration$
    ];
    var Settings = [
      1,
      n0,
      _Sett,
      0,
      () => Setting$
    ];
    var Statistics = [
      1,
      n0,
      _St,
      0,
      () => KeyValuePair$
    ];
    var SystemControls = [
      1,
      n0,
      _SCy,
      0,
      () => SystemControl$
    ];
    var Tags = [
      1,
      n0,
      _Tag,
      0,
      () => Tag$
    ];
    var TaskDefinitionList = [
      1,
      n0,
      _TDL,
      0,
      [
        () => TaskDefinition$,
        0
      ]
    ];
    var TaskDefinitionPlacementConstraints = [
      1,
      n0,
      _TDPCa,
      0,
      () => TaskDefinitionPlacementConstraint$
    ];
    var Tasks = [
      1,
      n0,
      _Tas,
      0,
      [
        () => Task$,
        0
      ]
    ];
    var TaskSets = [
      1,
      n0,
      _TSa,
      0,
      () => TaskSet$
    ];
    var TaskVolumeConfigurations = [
      1,
      n0,
      _TVCa,
      0,
      () => TaskVolumeConfiguration$
    ];
    var TmpfsList = [
      1,
      n0,
      _TL,
      0,
      () => Tmpfs$
    ];
    var UlimitList = [
      1,
      n0,
      _UL,
      0,
      () => Ulimit$
    ];
    var VolumeFromList = [
      1,
      n0,
      _VFL,
      0,
      () => VolumeFrom$
    ];
    var VolumeList = [
      1,
      n0,
      _VL,
      0,
      () => Volume$
    ];
    var VpcLatticeConfigurations = [
      1,
      n0,
      _VLCp,
      0,
      () => VpcLatticeConfiguration$
    ];
    var DescribeGatewayConfiguration$ = [
      4,
      n0,
      _DGC,
      0,
      [_hSA],
      [() => DescribeGatewayAlbConfiguration$]
    ];
    var GatewayConfiguration$ = [
      4,
      n0,
      _GCat,
      0,
      [_hSA],
      [() => HostSharedAlbConfiguration$]
    ];
    var GatewayConnectionResources$ = [
      4,
      n0,
      _GCR,
      0,
      [_hSA],
      [() => GatewayConnectionAlbResourcesList]
    ];
    var GatewayElbAccessLogDestination$ = [
      4,
      n0,
      _GEALD,
      0,
      [_s_],
      [() => GatewayElbAccessLogS3Destination$]
    ];
    var GatewayInfrastructureResources$ = [
      4,
      n0,
      _GIR,
      0,
      [_hSA],
      [() => ElbGatewayResourcesList]
    ];
    var GatewayRouteResources$ = [
      4,
      n0,
      _GRR,
      0,
      [_hSA],
      [() => GatewayRouteAlbResourcesList]
    ];
    var ServiceConnectContainerConfiguration$ = [
      4,
      n0,
      _SCCCe,
      0,
      [_lL],
      [0]
    ];
    var SharingStrategy$ = [
      4,
      n0,
      _SSh,
      0,
      [_nMv],
      [() => NvidiaMpsAllocation$]
    ];
    var UpdateGatewayConfiguration$ = [
      4,
      n0,
      _UGC,
      0,
      [_hSA],
      [() => UpdateGatewayAlbConfiguration$]
    ];
    var AssociateGatewayWithCluster$ = [
      9,
      n0,
      _AGWC,
      0,
      () => AssociateGatewayWithClusterRequest$,
      () => AssociateGatewayWithClusterResponse$
    ];
    var ContinueServiceDeployment$ = [
      9,
      n0,
      _CSD,
      0,
      () => ContinueServiceDeploymentRequest$,
      () => ContinueServiceDeploymentResponse$
    ];
    var CreateCapacityProvider$ = [
      9,
      n0,
      _CCP,
      2,
      () => CreateCapacityProviderRequest$,
      () => CreateCapacityProviderResponse$
    ];
    var CreateCluster$ = [
      9,
      n0,
      _CCr,
      0,
      () => CreateClusterRequest$,
      () => CreateClusterResponse$
    ];
    var CreateDaemon$ = [
      9,
      n0,
      _CDr,
      0,
      () => CreateDaemonRequest$,
      () => CreateDaemonResponse$
    ];
    var CreateExpressGatewayService$ = [
      9,
      n0,
      _CEGS,
      0,
      () => CreateExpressGatewayServiceRequest$,
      () => CreateExpressGatewayServiceResponse$
    ];
    var CreateGateway$ = [
      9,
      n0,
      _CG,
      0,
      () => CreateGatewayRequest$,
      () => CreateGatewayResponse$
    ];
    var CreateService$ = [
      9,
      n0,
      _CSr,
      0,
      () => CreateServiceRequest$,
      () => CreateServiceResponse$
    ];
    var CreateTaskSet$ = [
      9,
      n0,
      _CTS,
      0,
      () => CreateTaskSetRequest$,
      () => CreateTaskSetResponse$
    ];
    var DeleteAccountSetting$ = [
      9,
      n0,
      _DAS,
      0,
      () => DeleteAccountSettingRequest$,
      () => DeleteAccountSettingResponse$
    ];
    var DeleteAttributes$ = [
      9,
      n0,
      _DAe,
      0,
      () => DeleteAttributesRequest$,
      () => DeleteAttributesResponse$
    ];
    var DeleteCapacityProvider$ = [
      9,
      n0,
      _DCPe,
      2,
      () => DeleteCapacityProviderRequest$,
      () => DeleteCapacityProviderResponse$
    ];
    var DeleteCluster$ = [
      9,
      n0,
      _DCel,
      2,
      () => DeleteClusterRequest$,
      () => DeleteClusterResponse$
    ];
    var DeleteDaemon$ = [
      9,
      n0,
      _DDe,
      2,
      () => DeleteDaemonRequest$,
      () => DeleteDaemonResponse$
    ];
    var DeleteDaemonTaskDefinition$ = [
      9,
      n0,
      _DDTD,
      0,
      () => DeleteDaemonTaskDefinitionRequest$,
      () => DeleteDaemonTaskDefinitionResponse$
    ];
    var DeleteExpressGatewayService$ = [
      9,
      n0,
      _DEGS,
      0,
      () => DeleteExpressGatewayServiceRequest$,
      () => DeleteExpressGatewayServiceResponse$
    ];
    var DeleteGateway$ = [
      9,
      n0,
      _DG,
      0,
      () => DeleteGatewayRequest$,
      () => DeleteGatewayResponse$
    ];
    var DeleteService$ = [
      9,
      n0,
      _DSe,
      2,
      () => DeleteServiceRequest$,
      () => DeleteServiceResponse$
    ];
    var DeleteTaskDefinitions$ = [
      9,
      n0,
      _DTDe,
      0,
      () => DeleteTaskDefinitionsRequest$,
      () => DeleteTaskDefinitionsResponse$
    ];
    var DeleteTaskSet$ = [
      9,
      n0,
      _DTS,
      2,
      () => DeleteTaskSetRequest$,
      () => DeleteTaskSetResponse$
    ];
    var DeregisterContainerInstance$ = [
      9,
      n0,
      _DCIe,
      0,
      () => DeregisterContainerInstanceRequest$,
      () => DeregisterContainerInstanceResponse$
    ];
    var DeregisterTaskDefinition$ = [
      9,
      n0,
      _DTDer,
      0,
      () => DeregisterTaskDefinitionRequest$,
      () => DeregisterTaskDefinitionResponse$
    ];
    var DescribeCapacityProviders$ = [
      9,
      n0,
      _DCPes,
      0,
      () => DescribeCapacityProvidersRequest$,
      () => DescribeCapacityProvidersResponse$
    ];
    var DescribeClusters$ = [
      9,
      n0,
      _DCes,
      0,
      () => DescribeClustersRequest$,
      () => DescribeClustersResponse$
    ];
    var DescribeContainerInstances$ = [
      9,
      n0,
      _DCIes,
      0,
      () => DescribeContainerInstancesRequest$,
      () => DescribeContainerInstancesResponse$
    ];
    var DescribeDaemon$ = [
      9,
      n0,
      _DDes,
      0,
      () => DescribeDaemonRequest$,
      () => DescribeDaemonResponse$
    ];
    var DescribeDaemonDeployments$ = [
      9,
      n0,
      _DDD,
      0,
      () => DescribeDaemonDeploymentsRequest$,
      () => DescribeDaemonDeploymentsResponse$
    ];
    var DescribeDaemonRevisions$ = [
      9,
      n0,
      _DDRescr,
      0,
      () => DescribeDaemonRevisionsRequest$,
      () => DescribeDaemonRevisionsResponse$
    ];
    var DescribeDaemonTaskDefinition$ = [
      9,
      n0,
      _DDTDe,
      0,
      () => DescribeDaemonTaskDefinitionRequest$,
      () => DescribeDaemonTaskDefinitionResponse$
    ];
    var DescribeExpressGatewayService$ = [
      9,
      n0,
      _DEGSe,
      0,
      () => DescribeExpressGatewayServiceRequest$,
      () => DescribeExpressGatewayServiceResponse$
    ];
    var DescribeGateway$ = [
      9,
      n0,
      _DGe,
      0,
      () => DescribeGatewayRequest$,
      () => DescribeGatewayResponse$
    ];
    var DescribeGatewayResources$ = [
      9,
      n0,
      _DGRescr,
      0,
      () => DescribeGatewayResourcesRequest$,
      () => DescribeGatewayResourcesResponse$
    ];
    var DescribeGatewayRoute$ = [
      9,
      n0,
      _DGRescri,
      0,
      () => DescribeGatewayRouteRequest$,
      () => DescribeGatewayRouteResponse$
    ];
    var DescribeServiceDeployments$ = [
      9,
      n0,
      _DSD,
      0,
      () => DescribeServiceDeploymentsRequest$,
      () => DescribeServiceDeploymentsResponse$
    ];
    var DescribeServiceRevisions$ = [
      9,
      n0,
      _DSRescr,
      0,
      () => DescribeServiceRevisionsRequest$,
      () => DescribeServiceRevisionsResponse$
    ];
    var DescribeServices$ = [
      9,
      n0,
      _DSes,
      0,
      () => DescribeServicesRequest$,
      () => DescribeServicesResponse$
    ];
    var DescribeTaskDefinition$ = [
      9,
      n0,
      _DTDes,
      0,
      () => DescribeTaskDefinitionRequest$,
      () => DescribeTaskDefinitionResponse$
    ];
    var DescribeTasks$ = [
      9,
      n0,
      _DT,
      0,
      () => DescribeTasksRequest$,
      () => DescribeTasksResponse$
    ];
    var DescribeTaskSets$ = [
      9,
      n0,
      _DTSe,
      0,
      () => DescribeTaskSetsRequest$,
      () => DescribeTaskSetsResponse$
    ];
    var DisassociateGatewayFromCluster$ = [
      9,
      n0,
      _DGFC,
      0,
      () => DisassociateGatewayFromClusterRequest$,
      () => DisassociateGatewayFromClusterResponse$
    ];
    var DiscoverPollEndpoint$ = [
      9,
      n0,
      _DPE,
      0,
      () => DiscoverPollEndpointRequest$,
      () => DiscoverPollEndpointResponse$
    ];
    var ExecuteCommand$ = [
      9,
      n0,
      _EC,
      0,
      () => ExecuteCommandRequest$,
      () => ExecuteCommandResponse$
    ];
    var GetTaskProtection$ = [
      9,
      n0,
      _GTP,
      0,
      () => GetTaskProtectionRequest$,
      () => GetTaskProtectionResponse$
    ];
    var ListAccountSettings$ = [
      9,
      n0,
      _LAS,
      0,
      () => ListAccountSettingsRequest$,
      () => ListAccountSettingsResponse$
    ];
    var ListAttributes$ = [
      9,
      n0,
      _LA,
      0,
      () => ListAttributesRequest$,
      () => ListAttributesResponse$
    ];
    var ListClusters$ = [
      9,
      n0,
      _LCi,
      0,
      () => ListClustersRequest$,
      () => ListClustersResponse$
    ];
    var ListContainerInstances$ = [
      9,
      n0,
      _LCI,
      0,
      () => ListContainerInstancesRequest$,
      () => ListContainerInstancesResponse$
    ];
    var ListDaemonDeployments$ = [
      9,
      n0,
      _LDD,
      0,
      () => ListDaemonDeploymentsRequest$,
      () => ListDaemonDeploymentsResponse$
    ];
    var ListDaemons$ = [
      9,
      n0,
      _LD,
      0,
      () => ListDaemonsRequest$,
      () => ListDaemonsResponse$
    ];
    var ListDaemonTaskDefinitions$ = [
      9,
      n0,
      _LDTD,
      0,
      () => ListDaemonTaskDefinitionsRequest$,
      () => ListDaemonTaskDefinitionsResponse$
    ];
    var ListGatewayClusterAssociations$ = [
      9,
      n0,
      _LGCA,
      0,
      () => ListGatewayClusterAssociationsRequest$,
      () => ListGatewayClusterAssociationsResponse$
    ];
    var ListGatewayRoutes$ = [
      9,
      n0,
      _LGRis,
      0,
      () => ListGatewayRoutesRequest$,
      () => ListGatewayRoutesResponse$
    ];
    var ListGateways$ = [
      9,
      n0,
      _LG,
      0,
      () => ListGatewaysRequest$,
      () => ListGatewaysResponse$
    ];
    var ListServiceDeployments$ = [
      9,
      n0,
      _LSD,
      0,
      () => ListServiceDeploymentsRequest$,
      () => ListServiceDeploymentsResponse$
    ];
    var ListServices$ = [
      9,
      n0,
      _LS,
      0,
      () => ListServicesRequest$,
      () => ListServicesResponse$
    ];
    var ListServicesByNamespace$ = [
      9,
      n0,
      _LSBN,
      0,
      () => ListServicesByNamespaceRequest$,
      () => ListServicesByNamespaceResponse$
    ];
    var ListTagsForResource$ = [
      9,
      n0,
      _LTFR,
      0,
      () => ListTagsForResourceRequest$,
      () => ListTagsForResourceResponse$
    ];
    var ListTaskDefinitionFamilies$ = [
      9,
      n0,
      _LTDF,
      0,
      () => ListTaskDefinitionFamiliesRequest$,
      () => ListTaskDefinitionFamiliesResponse$
    ];
    var ListTaskDefinitions$ = [
      9,
      n0,
      _LTD,
      0,
      () => ListTaskDefinitionsRequest$,
      () => ListTaskDefinitionsResponse$
    ];
    var ListTasks$ = [
      9,
      n0,
      _LT,
      0,
      () => ListTasksRequest$,
      () => ListTasksResponse$
    ];
    var PutAccountSetting$ = [
      9,
      n0,
      _PAS,
      0,
      () => PutAccountSettingRequest$,
      () => PutAccountSettingResponse$
    ];
    var PutAccountSettingDefault$ = [
      9,
      n0,
      _PASD,
      0,
      () => PutAccountSettingDefaultRequest$,
      () => PutAccountSettingDefaultResponse$
    ];
    var PutAttributes$ = [
      9,
      n0,
      _PA,
      0,
      () => PutAttributesRequest$,
      () => PutAttributesResponse$
    ];
    var PutClusterCapacityProviders$ = [
      9,
      n0,
      _PCCP,
      0,
      () => PutClusterCapacityProvidersRequest$,
      () => PutClusterCapacityProvidersResponse$
    ];
    var RegisterContainerInstance$ = [
      9,
      n0,
      _RCI,
      0,
      () => RegisterContainerInstanceRequest$,
      () => RegisterContainerInstanceResponse$
    ];
    var RegisterDaemonTaskDefinition$ = [
      9,
      n0,
      _RDTD,
      0,
      () => RegisterDaemonTaskDefinitionRequest$,
      () => RegisterDaemonTaskDefinitionResponse$
    ];
    var RegisterTaskDefinition$ = [
      9,
      n0,
      _RTD,
      0,
      () => RegisterTaskDefinitionRequest$,
      () => RegisterTaskDefinitionResponse$
    ];
    var RunTask$ = [
      9,
      n0,
      _RT,
      0,
      () => RunTaskRequest$,
      () => RunTaskResponse$
    ];
    var StartTask$ = [
      9,
      n0,
      _ST,
      0,
      () => StartTaskRequest$,
      () => StartTaskResponse$
    ];
    var StopServiceDeployment$ = [
      9,
      n0,
      _SSD,
      0,
      () => StopServiceDeploymentRequest$,
      () => StopServiceDeploymentResponse$
    ];
    var StopTask$ = [
      9,
      n0,
      _STt,
      0,
      () => StopTaskRequest$,
      () => StopTaskResponse$
    ];
    var SubmitAttachmentStateChanges$ = [
      9,
      n0,
      _SASC,
      0,
      () => SubmitAttachmentStateChangesRequest$,
      () => SubmitAttachmentStateChangesResponse$
    ];
    var SubmitContainerStateChange$ = [
      9,
      n0,
      _SCSC,
      0,
      () => SubmitContainerStateChangeRequest$,
      () => SubmitContainerStateChangeResponse$
    ];
    var SubmitTaskStateChange$ = [
      9,
      n0,
      _STSC,
      0,
      () => SubmitTaskStateChangeRequest$,
      () => SubmitTaskStateChangeResponse$
    ];
    var TagResource$ = [
      9,
      n0,
      _TR,
      0,
      () => TagResourceRequest$,
      () => TagResourceResponse$
    ];
    var UntagResource$ = [
      9,
      n0,
      _UR,
      0,
      () => UntagResourceRequest$,
      () => UntagResourceResponse$
    ];
    var UpdateCapacityProvider$ = [
      9,
      n0,
      _UCP,
      0,
      () => UpdateCapacityProviderRequest$,
      () => UpdateCapacityProviderResponse$
    ];
    var UpdateCluster$ = [
      9,
      n0,
      _UC,
      0,
      () => UpdateClusterRequest$,
      () => UpdateClusterResponse$
    ];
    var UpdateClusterSettings$ = [
      9,
      n0,
      _UCS,
      0,
      () => UpdateClusterSettingsRequest$,
      () => UpdateClusterSettingsResponse$
    ];
    var UpdateContainerAgent$ = [
      9,
      n0,
      _UCA,
      0,
      () => UpdateContainerAgentRequest$,
      () => UpdateContainerAgentResponse$
    ];
    var UpdateContainerInstancesState$ = [
      9,
      n0,
      _UCIS,
      0,
      () => UpdateContainerInstancesStateRequest$,
      () => UpdateContainerInstancesStateResponse$
    ];
    var UpdateDaemon$ = [
      9,
      n0,
      _UD,
      0,
      () => UpdateDaemonRequest$,
      () => UpdateDaemonResponse$
    ];
    var UpdateExpressGatewayService$ = [
      9,
      n0,
      _UEGSp,
      0,
      () => UpdateExpressGatewayServiceRequest$,
      () => UpdateExpressGatewayServiceResponse$
    ];
    var UpdateGateway$ = [
      9,
      n0,
      _UG,
      0,
      () => UpdateGatewayRequest$,
      () => UpdateGatewayResponse$
    ];
    var UpdateService$ = [
      9,
      n0,
      _US,
      0,
      () => UpdateServiceRequest$,
      () => UpdateServiceResponse$
    ];
    var UpdateServicePrimaryTaskSet$ = [
      9,
      n0,
      _USPTS,
      0,
      () => UpdateServicePrimaryTaskSetRequest$,
      () => UpdateServicePrimaryTaskSetResponse$
    ];
    var UpdateTaskProtection$ = [
      9,
      n0,
      _UTP,
      0,
      () => UpdateTaskProtectionRequest$,
      () => UpdateTaskProtectionResponse$
    ];
    var UpdateTaskSet$ = [
      9,
      n0,
      _UTS,
      0,
      () => UpdateTaskSetRequest$,
      () => UpdateTaskSetResponse$
    ];
    var getRuntimeConfig$1 = (config) => {
      return {
        apiVersion: "2014-11-13",
        base64Decoder: config?.base64Decoder ?? fromBase64,
        base64Encoder: config?.base64Encoder ?? toBase64,
        disableHostPrefix: config?.disableHostPrefix ?? false,
        endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
        extensions: config?.extensions ?? [],
        httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultECSHttpAuthSchemeProvider,
        httpAuthSchemes: config?.httpAuthSchemes ?? [
          {
            schemeId: "aws.auth#sigv4",
            identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
            signer: new AwsSdkSigV4Signer()
          }
        ],
        logger: config?.logger ?? new NoOpLogger(),
        protocol: config?.protocol ?? AwsJson1_1Protocol,
        protocolSettings: config?.protocolSettings ?? {
          defaultNamespace: "com.amazonaws.ecs",
          errorTypeRegistries,
          xmlNamespace: "http://ecs.amazonaws.com/doc/2014-11-13/",
          version: "2014-11-13",
          serviceTarget: "AmazonEC2ContainerServiceV20141113"
        },
        serviceId: config?.serviceId ?? "ECS",
        sha256: config?.sha256 ?? Sha256,
        urlParser: config?.urlParser ?? parseUrl,
        utf8Decoder: config?.utf8Decoder ?? fromUtf8,
        utf8Encoder: config?.utf8Encoder ?? toUtf8
      };
    };
    var getRuntimeConfig = (config) => {
      emitWarningIfUnsupportedVersion(process.version);
      const defaultsMode = resolveDefaultsModeConfig(config);
      const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
      const clientSharedValues = getRuntimeConfig$1(config);
      emitWarningIfUnsupportedVersion$1(process.version);
      const loaderConfig = {
        profile: config?.profile,
        logger: clientSharedValues.logger
      };
      return {
        ...clientSharedValues,
        ...config,
        runtime: "node",
        defaultsMode,
        authSchemePreference: config?.authSchemePreference ?? loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
        bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
        credentialDefaultProvider: config?.credentialDefaultProvider ?? defaultProvider,
        defaultSocketTimeout: getDefaultSocketTimeout(config?.requestHandler, 9e5),
        defaultUserAgentProvider: config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: clientSharedValues.serviceId, clientVersion: packageInfo.version }),
        maxAttempts: config?.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
        region: config?.region ?? loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
        requestHandler: NodeHttpHandler.create(config?.requestHandler ?? defaultConfigProvider),
        retryMode: config?.retryMode ?? loadConfig({
          ...NODE_RETRY_MODE_CONFIG_OPTIONS,
          default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE
        }, config),
        streamCollector: config?.streamCollector ?? streamCollector,
        useDualstackEndpoint: config?.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        useFipsEndpoint: config?.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        userAgentAppId: config?.userAgentAppId ?? loadConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig)
      };
    };
    var getHttpAuthExtensionConfiguration = (runtimeConfig) => {
      const _httpAuthSchemes = runtimeConfig.httpAuthSchemes;
      let _httpAuthSchemeProvider = runtimeConfig.httpAuthSchemeProvider;
      let _credentials = runtimeConfig.credentials;
      return {
        setHttpAuthScheme(httpAuthScheme) {
          const index = _httpAuthSchemes.findIndex((scheme) => scheme.schemeId === httpAuthScheme.schemeId);
          if (index === -1) {
            _httpAuthSchemes.push(httpAuthScheme);
          } else {
            _httpAuthSchemes.splice(index, 1, httpAuthScheme);
          }
        },
        httpAuthSchemes() {
          return _httpAuthSchemes;
        },
        setHttpAuthSchemeProvider(httpAuthSchemeProvider) {
          _httpAuthSchemeProvider = httpAuthSchemeProvider;
        },
        httpAuthSchemeProvider() {
          return _httpAuthSchemeProvider;
        },
        setCredentials(credentials) {
          _credentials = credentials;
        },
        credentials() {
          return _credentials;
        }
      };
    };
    var resolveHttpAuthRuntimeConfig = (config) => {
      return {
        httpAuthSchemes: config.httpAuthSchemes(),
        httpAuthSchemeProvider: config.httpAuthSchemeProvider(),
        credentials: config.credentials()
      };
    };
    var resolveRuntimeExtensions = (runtimeConfig, extensions) => {
      const extensionConfiguration = Object.assign(getAwsRegionExtensionConfiguration(runtimeConfig), getDefaultExtensionConfiguration(runtimeConfig), getHttpHandlerExtensionConfiguration(runtimeConfig), getHttpAuthExtensionConfiguration(runtimeConfig));
      extensions.forEach((extension) => extension.configure(extensionConfiguration));
      return Object.assign(runtimeConfig, resolveAwsRegionExtensionConfiguration(extensionConfiguration), resolveDefaultRuntimeConfig(extensionConfiguration), resolveHttpHandlerRuntimeConfig(extensionConfiguration), resolveHttpAuthRuntimeConfig(extensionConfiguration));
    };
    var ECSClient2 = class extends Client {
      config;
      constructor(...[configuration]) {
        const _config_0 = getRuntimeConfig(configuration || {});
        super(_config_0);
        this.initConfig = _config_0;
        const _config_1 = resolveClientEndpointParameters(_config_0);
        const _config_2 = resolveUserAgentConfig(_config_1);
        const _config_3 = resolveRetryConfig(_config_2);
        const _config_4 = resolveRegionConfig(_config_3);
        const _config_5 = resolveHostHeaderConfig(_config_4);
        const _config_6 = resolveEndpointConfig(_config_5);
        const _config_7 = resolveHttpAuthSchemeConfig(_config_6);
        const _config_8 = resolveRuntimeExtensions(_config_7, configuration?.extensions || []);
        this.config = _config_8;
        this.middlewareStack.use(getSchemaSerdePlugin(this.config));
        this.middlewareStack.use(getUserAgentPlugin(this.config));
        this.middlewareStack.use(getRetryPlugin(this.config));
        this.middlewareStack.use(getContentLengthPlugin(this.config));
        this.middlewareStack.use(getHostHeaderPlugin(this.config));
        this.middlewareStack.use(getLoggerPlugin(this.config));
        this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
        this.middlewareStack.use(getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
          httpAuthSchemeParametersProvider: defaultECSHttpAuthSchemeParametersProvider,
          identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({
            "aws.auth#sigv4": config.credentials
          })
        }));
        this.middlewareStack.use(getHttpSigningPlugin(this.config));
      }
      destroy() {
        super.destroy();
      }
    };
    var command = makeBuilder(commonParams, "AmazonEC2ContainerServiceV20141113", "ECSClient", getEndpointPlugin);
    var _ep0 = {};
    var _mw0 = (Command, cs, config, o) => [];
    var AssociateGatewayWithClusterCommand = class extends command(_ep0, _mw0, "AssociateGatewayWithCluster", AssociateGatewayWithCluster$) {
    };
    var ContinueServiceDeploymentCommand = class extends command(_ep0, _mw0, "ContinueServiceDeployment", ContinueServiceDeployment$) {
    };
    var CreateCapacityProviderCommand = class extends command(_ep0, _mw0, "CreateCapacityProvider", CreateCapacityProvider$) {
    };
    var CreateClusterCommand = class extends command(_ep0, _mw0, "CreateCluster", CreateCluster$) {
    };
    var CreateDaemonCommand = class extends command(_ep0, _mw0, "CreateDaemon", CreateDaemon$) {
    };
    var CreateExpressGatewayServiceCommand = class extends command(_ep0, _mw0, "CreateExpressGatewayService", CreateExpressGatewayService$) {
    };
    var CreateGatewayCommand = class extends command(_ep0, _mw0, "CreateGateway", CreateGateway$) {
    };
    var CreateServiceCommand = class extends command(_ep0, _mw0, "CreateService", CreateService$) {
    };
    var CreateTaskSetCommand = class extends command(_ep0, _mw0, "CreateTaskSet", CreateTaskSet$) {
    };
    var DeleteAccountSettingCommand = class extends command(_ep0, _mw0, "DeleteAccountSetting", DeleteAccountSetting$) {
    };
    var DeleteAttributesCommand = class extends command(_ep0, _mw0, "DeleteAttributes", DeleteAttributes$) {
    };
    var DeleteCapacityProviderCommand = class extends command(_ep0, _mw0, "DeleteCapacityProvider", DeleteCapacityProvider$) {
    };
    var DeleteClusterCommand = class extends command(_ep0, _mw0, "DeleteCluster", DeleteCluster$) {
    };
    var DeleteDaemonCommand = class extends command(_ep0, _mw0, "DeleteDaemon", DeleteDaemon$) {
    };
    var DeleteDaemonTaskDefinitionCommand = class extends command(_ep0, _mw0, "DeleteDaemonTaskDefinition", DeleteDaemonTaskDefinition$) {
    };
    var DeleteExpressGatewayServiceCommand = class extends command(_ep0, _mw0, "DeleteExpressGatewayService", DeleteExpressGatewayService$) {
    };
    var DeleteGatewayCommand = class extends command(_ep0, _mw0, "DeleteGateway", DeleteGateway$) {
    };
    var DeleteServiceCommand = class extends command(_ep0, _mw0, "DeleteService", DeleteService$) {
    };
    var DeleteTaskDefinitionsCommand = class extends command(_ep0, _mw0, "DeleteTaskDefinitions", DeleteTaskDefinitions$) {
    };
    var DeleteTaskSetCommand = class extends command(_ep0, _mw0, "DeleteTaskSet", DeleteTaskSet$) {
    };
    var DeregisterContainerInstanceCommand = class extends command(_ep0, _mw0, "DeregisterContainerInstance", DeregisterContainerInstance$) {
    };
    var DeregisterTaskDefinitionCommand = class extends command(_ep0, _mw0, "DeregisterTaskDefinition", DeregisterTaskDefinition$) {
    };
    var DescribeCapacityProvidersCommand = class extends command(_ep0, _mw0, "DescribeCapacityProviders", DescribeCapacityProviders$) {
    };
    var DescribeClustersCommand2 = class extends command(_ep0, _mw0, "DescribeClusters", DescribeClusters$) {
    };
    var DescribeContainerInstancesCommand = class extends command(_ep0, _mw0, "DescribeContainerInstances", DescribeContainerInstances$) {
    };
    var DescribeDaemonCommand = class extends command(_ep0, _mw0, "DescribeDaemon", DescribeDaemon$) {
    };
    var DescribeDaemonDeploymentsCommand = class extends command(_ep0, _mw0, "DescribeDaemonDeployments", DescribeDaemonDeployments$) {
    };
    var DescribeDaemonRevisionsCommand = class extends command(_ep0, _mw0, "DescribeDaemonRevisions", DescribeDaemonRevisions$) {
    };
    var DescribeDaemonTaskDefinitionCommand = class extends command(_ep0, _mw0, "DescribeDaemonTaskDefinition", DescribeDaemonTaskDefinition$) {
    };
    var DescribeExpressGatewayServiceCommand = class extends command(_ep0, _mw0, "DescribeExpressGatewayService", DescribeExpressGatewayService$) {
    };
    var DescribeGatewayCommand = class extends command(_ep0, _mw0, "DescribeGateway", DescribeGateway$) {
    };
    var DescribeGatewayResourcesCommand = class extends command(_ep0, _mw0, "DescribeGatewayResources", DescribeGatewayResources$) {
    };
    var DescribeGatewayRouteCommand = class extends command(_ep0, _mw0, "DescribeGatewayRoute", DescribeGatewayRoute$) {
    };
    var DescribeServiceDeploymentsCommand = class extends command(_ep0, _mw0, "DescribeServiceDeployments", DescribeServiceDeployments$) {
    };
    var DescribeServiceRevisionsCommand = class extends command(_ep0, _mw0, "DescribeServiceRevisions", DescribeServiceRevisions$) {
    };
    var DescribeServicesCommand2 = class extends command(_ep0, _mw0, "DescribeServices", DescribeServices$) {
    };
    var DescribeTaskDefinitionCommand = class extends command(_ep0, _mw0, "DescribeTaskDefinition", DescribeTaskDefinition$) {
    };
    var DescribeTasksCommand2 = class extends command(_ep0, _mw0, "DescribeTasks", DescribeTasks$) {
    };
    var DescribeTaskSetsCommand = class extends command(_ep0, _mw0, "DescribeTaskSets", DescribeTaskSets$) {
    };
    var DisassociateGatewayFromClusterCommand = class extends command(_ep0, _mw0, "DisassociateGatewayFromCluster", DisassociateGatewayFromCluster$) {
    };
    var DiscoverPollEndpointCommand = class extends command(_ep0, _mw0, "DiscoverPollEndpoint", DiscoverPollEndpoint$) {
    };
    var ExecuteCommandCommand = class extends command(_ep0, _mw0, "ExecuteCommand", ExecuteCommand$) {
    };
    var GetTaskProtectionCommand2 = class extends command(_ep0, _mw0, "GetTaskProtection", GetTaskProtection$) {
    };
    var ListAccountSettingsCommand = class extends command(_ep0, _mw0, "ListAccountSettings", ListAccountSettings$) {
    };
    var ListAttributesCommand = class extends command(_ep0, _mw0, "ListAttributes", ListAttributes$) {
    };
    var ListClustersCommand = class extends command(_ep0, _mw0, "ListClusters", ListClusters$) {
    };
    var ListContainerInstancesCommand = class extends command(_ep0, _mw0, "ListContainerInstances", ListContainerInstances$) {
    };
    var ListDaemonDeploymentsCommand = class extends command(_ep0, _mw0, "ListDaemonDeployments", ListDaemonDeployments$) {
    };
    var ListDaemonsCommand = class extends command(_ep0, _mw0, "ListDaemons", ListDaemons$) {
    };
    var ListDaemonTaskDefinitionsCommand = class extends command(_ep0, _mw0, "ListDaemonTaskDefinitions", ListDaemonTaskDefinitions$) {
    };
    var ListGatewayClusterAssociationsCommand = class extends command(_ep0, _mw0, "ListGatewayClusterAssociations", ListGatewayClusterAssociations$) {
    };
    var ListGatewayRoutesCommand = class extends command(_ep0, _mw0, "ListGatewayRoutes", ListGatewayRoutes$) {
    };
    var ListGatewaysCommand = class extends command(_ep0, _mw0, "ListGateways", ListGateways$) {
    };
    var ListServiceDeploymentsCommand = class extends command(_ep0, _mw0, "ListServiceDeployments", ListServiceDeployments$) {
    };
    var ListServicesByNamespaceCommand = class extends command(_ep0, _mw0, "ListServicesByNamespace", ListServicesByNamespace$) {
    };
    var ListServicesCommand = class extends command(_ep0, _mw0, "ListServices", ListServices$) {
    };
    var ListTagsForResourceCommand = class extends command(_ep0, _mw0, "ListTagsForResource", ListTagsForResource$) {
    };
    var ListTaskDefinitionFamiliesCommand = class extends command(_ep0, _mw0, "ListTaskDefinitionFamilies", ListTaskDefinitionFamilies$) {
    };
    var ListTaskDefinitionsCommand = class extends command(_ep0, _mw0, "ListTaskDefinitions", ListTaskDefinitions$) {
    };
    var ListTasksCommand = class extends command(_ep0, _mw0, "ListTasks", ListTasks$) {
    };
    var PutAccountSettingCommand = class extends command(_ep0, _mw0, "PutAccountSetting", PutAccountSetting$) {
    };
    var PutAccountSettingDefaultCommand = class extends command(_ep0, _mw0, "PutAccountSettingDefault", PutAccountSettingDefault$) {
    };
    var PutAttributesCommand = class extends command(_ep0, _mw0, "PutAttributes", PutAttributes$) {
    };
    var PutClusterCapacityProvidersCommand = class extends command(_ep0, _mw0, "PutClusterCapacityProviders", PutClusterCapacityProviders$) {
    };
    var RegisterContainerInstanceCommand = class extends command(_ep0, _mw0, "RegisterContainerInstance", RegisterContainerInstance$) {
    };
    var RegisterDaemonTaskDefinitionCommand = class extends command(_ep0, _mw0, "RegisterDaemonTaskDefinition", RegisterDaemonTaskDefinition$) {
    };
    var RegisterTaskDefinitionCommand = class extends command(_ep0, _mw0, "RegisterTaskDefinition", RegisterTaskDefinition$) {
    };
    var RunTaskCommand = class extends command(_ep0, _mw0, "RunTask", RunTask$) {
    };
    var StartTaskCommand = class extends command(_ep0, _mw0, "StartTask", StartTask$) {
    };
    var StopServiceDeploymentCommand = class extends command(_ep0, _mw0, "StopServiceDeployment", StopServiceDeployment$) {
    };
    var StopTaskCommand2 = class extends command(_ep0, _mw0, "StopTask", StopTask$) {
    };
    var SubmitAttachmentStateChangesCommand = class extends command(_ep0, _mw0, "SubmitAttachmentStateChanges", SubmitAttachmentStateChanges$) {
    };
    var SubmitContainerStateChangeCommand = class extends command(_ep0, _mw0, "SubmitContainerStateChange", SubmitContainerStateChange$) {
    };
    var SubmitTaskStateChangeCommand = class extends command(_ep0, _mw0, "SubmitTaskStateChange", SubmitTaskStateChange$) {
    };
    var TagResourceCommand = class extends command(_ep0, _mw0, "TagResource", TagResource$) {
    };
    var UntagResourceCommand = class extends command(_ep0, _mw0, "UntagResource", UntagResource$) {
    };
    var UpdateCapacityProviderCommand = class extends command(_ep0, _mw0, "UpdateCapacityProvider", UpdateCapacityProvider$) {
    };
    var UpdateClusterCommand = class extends command(_ep0, _mw0, "UpdateCluster", UpdateCluster$) {
    };
    var UpdateClusterSettingsCommand = class extends command(_ep0, _mw0, "UpdateClusterSettings", UpdateClusterSettings$) {
    };
    var UpdateContainerAgentCommand = class extends command(_ep0, _mw0, "UpdateContainerAgent", UpdateContainerAgent$) {
    };
    var UpdateContainerInstancesStateCommand = class extends command(_ep0, _mw0, "UpdateContainerInstancesState", UpdateContainerInstancesState$) {
    };
    var UpdateDaemonCommand = class extends command(_ep0, _mw0, "UpdateDaemon", UpdateDaemon$) {
    };
    var UpdateExpressGatewayServiceCommand = class extends command(_ep0, _mw0, "UpdateExpressGatewayService", UpdateExpressGatewayService$) {
    };
    var UpdateGatewayCommand = class extends command(_ep0, _mw0, "UpdateGateway", UpdateGateway$) {
    };
    var UpdateServiceCommand2 = class extends command(_ep0, _mw0, "UpdateService", UpdateService$) {
    };
    var UpdateServicePrimaryTaskSetCommand = class extends command(_ep0, _mw0, "UpdateServicePrimaryTaskSet", UpdateServicePrimaryTaskSet$) {
    };
    var UpdateTaskProtectionCommand2 = class extends command(_ep0, _mw0, "UpdateTaskProtection", UpdateTaskProtection$) {
    };
    var UpdateTaskSetCommand = class extends command(_ep0, _mw0, "UpdateTaskSet", UpdateTaskSet$) {
    };
    var paginateListAccountSettings = createPaginator(ECSClient2, ListAccountSettingsCommand, "nextToken", "nextToken", "maxResults");
    var paginateListAttributes = createPaginator(ECSClient2, ListAttributesCommand, "nextToken", "nextToken", "maxResults");
    var paginateListClusters = createPaginator(ECSClient2, ListClustersCommand, "nextToken", "nextToken", "maxResults");
    var paginateListContainerInstances = createPaginator(ECSClient2, ListContainerInstancesCommand, "nextToken", "nextToken", "maxResults");
    var paginateListGatewayClusterAssociations = createPaginator(ECSClient2, ListGatewayClusterAssociationsCommand, "nextToken", "nextToken", "maxResults");
    var paginateListGatewayRoutes = createPaginator(ECSClient2, ListGatewayRoutesCommand, "nextToken", "nextToken", "maxResults");
    var paginateListGateways = createPaginator(ECSClient2, ListGatewaysCommand, "nextToken", "nextToken", "maxResults");
    var paginateListServicesByNamespace = createPaginator(ECSClient2, ListServicesByNamespaceCommand, "nextToken", "nextToken", "maxResults");
    var paginateListServices = createPaginator(ECSClient2, ListServicesCommand, "nextToken", "nextToken", "maxResults");
    var paginateListTaskDefinitionFamilies = createPaginator(ECSClient2, ListTaskDefinitionFamiliesCommand, "nextToken", "nextToken", "maxResults");
    var paginateListTaskDefinitions = createPaginator(ECSClient2, ListTaskDefinitionsCommand, "nextToken", "nextToken", "maxResults");
    var paginateListTasks2 = createPaginator(ECSClient2, ListTasksCommand, "nextToken", "nextToken", "maxResults");
    var checkState$8 = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeDaemonCommand(input));
        reason = result;
        try {
          const returnComparator = () => {
            return result.daemon.status;
          };
          if (returnComparator() === "ACTIVE") {
            return { state: WaiterState.SUCCESS, reason };
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            return result.daemon.status;
          };
          if (returnComparator() === "DELETE_IN_PROGRESS") {
            return { state: WaiterState.FAILURE, reason };
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForDaemonActive = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 120 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState$8);
    };
    var waitUntilDaemonActive = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 120 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$8);
      return checkExceptions(result);
    };
    var checkState$7 = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeDaemonDeploymentsCommand(input));
        reason = result;
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.daemonDeployments);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.status;
            });
            return projection_3;
          };
          let allStringEq_5 = returnComparator().length > 0;
          for (let element_4 of returnComparator()) {
            allStringEq_5 = allStringEq_5 && element_4 == "STOPPED";
          }
          if (allStringEq_5) {
            return { state: WaiterState.SUCCESS, reason };
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.failures);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.reason;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "MISSING") {
              return { state: WaiterState.FAILURE, reason };
            }
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForDaemonDeploymentStopped = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 120 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState$7);
    };
    var waitUntilDaemonDeploymentStopped = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 120 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$7);
      return checkExceptions(result);
    };
    var checkState$6 = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeDaemonDeploymentsCommand(input));
        reason = result;
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.daemonDeployments);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.status;
            });
            return projection_3;
          };
          let allStringEq_5 = returnComparator().length > 0;
          for (let element_4 of returnComparator()) {
            allStringEq_5 = allStringEq_5 && element_4 == "SUCCESSFUL";
          }
          if (allStringEq_5) {
            return { state: WaiterState.SUCCESS, reason };
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.daemonDeployments);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.status;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "STOPPED") {
              return { state: WaiterState.FAILURE, reason };
            }
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.daemonDeployments);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.status;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "ROLLBACK_FAILED") {
              return { state: WaiterState.FAILURE, reason };
            }
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.daemonDeployments);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.status;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "ROLLBACK_SUCCESSFUL") {
              return { state: WaiterState.FAILURE, reason };
            }
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.failures);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.reason;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "MISSING") {
              return { state: WaiterState.FAILURE, reason };
            }
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForDaemonDeploymentSuccessful = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 120 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState$6);
    };
    var waitUntilDaemonDeploymentSuccessful = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 120 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$6);
      return checkExceptions(result);
    };
    var checkState$5 = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeDaemonTaskDefinitionCommand(input));
        reason = result;
        try {
          const returnComparator = () => {
            return result.daemonTaskDefinition.status;
          };
          if (returnComparator() === "ACTIVE") {
            return { state: WaiterState.SUCCESS, reason };
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            return result.daemonTaskDefinition.status;
          };
          if (returnComparator() === "DELETE_IN_PROGRESS") {
            return { state: WaiterState.FAILURE, reason };
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            return result.daemonTaskDefinition.status;
          };
          if (returnComparator() === "DELETED") {
            return { state: WaiterState.FAILURE, reason };
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForDaemonTaskDefinitionActive = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 120 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState$5);
    };
    var waitUntilDaemonTaskDefinitionActive = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 120 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$5);
      return checkExceptions(result);
    };
    var checkState$4 = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeDaemonTaskDefinitionCommand(input));
        reason = result;
        try {
          const returnComparator = () => {
            return result.daemonTaskDefinition.status;
          };
          if (returnComparator() === "DELETED") {
            return { state: WaiterState.SUCCESS, reason };
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForDaemonTaskDefinitionDeleted = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 120 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState$4);
    };
    var waitUntilDaemonTaskDefinitionDeleted = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 120 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$4);
      return checkExceptions(result);
    };
    var checkState$3 = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeServicesCommand2(input));
        reason = result;
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.failures);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.reason;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "MISSING") {
              return { state: WaiterState.FAILURE, reason };
            }
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.services);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.status;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "INACTIVE") {
              return { state: WaiterState.SUCCESS, reason };
            }
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForServicesInactive = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 600 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState$3);
    };
    var waitUntilServicesInactive = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 600 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$3);
      return checkExceptions(result);
    };
    var checkState$2 = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeServicesCommand2(input));
        reason = result;
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.failures);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.reason;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "MISSING") {
              return { state: WaiterState.FAILURE, reason };
            }
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.services);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.status;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "DRAINING") {
              return { state: WaiterState.FAILURE, reason };
            }
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.services);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.status;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "INACTIVE") {
              return { state: WaiterState.FAILURE, reason };
            }
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            let filterRes_2 = result.services.filter((element_1) => {
              return !(element_1.deployments.length == 1 && element_1.runningCount == element_1.desiredCount);
            });
            return filterRes_2.length == 0;
          };
          if (returnComparator() == true) {
            return { state: WaiterState.SUCCESS, reason };
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForServicesStable = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 600 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState$2);
    };
    var waitUntilServicesStable = async (params, input) => {
      const serviceDefaults = { minDelay: 15, maxDelay: 600 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$2);
      return checkExceptions(result);
    };
    var checkState$1 = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeTasksCommand2(input));
        reason = result;
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.tasks);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.lastStatus;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "STOPPED") {
              return { state: WaiterState.FAILURE, reason };
            }
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.failures);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.reason;
            });
            return projection_3;
          };
          for (let anyStringEq_4 of returnComparator()) {
            if (anyStringEq_4 == "MISSING") {
              return { state: WaiterState.FAILURE, reason };
            }
          }
        } catch (e2) {
        }
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.tasks);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.lastStatus;
            });
            return projection_3;
          };
          let allStringEq_5 = returnComparator().length > 0;
          for (let element_4 of returnComparator()) {
            allStringEq_5 = allStringEq_5 && element_4 == "RUNNING";
          }
          if (allStringEq_5) {
            return { state: WaiterState.SUCCESS, reason };
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForTasksRunning = async (params, input) => {
      const serviceDefaults = { minDelay: 6, maxDelay: 600 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState$1);
    };
    var waitUntilTasksRunning = async (params, input) => {
      const serviceDefaults = { minDelay: 6, maxDelay: 600 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState$1);
      return checkExceptions(result);
    };
    var checkState = async (client, input) => {
      let reason;
      try {
        let result = await client.send(new DescribeTasksCommand2(input));
        reason = result;
        try {
          const returnComparator = () => {
            let flat_1 = [].concat(...result.tasks);
            let projection_3 = flat_1.map((element_2) => {
              return element_2.lastStatus;
            });
            return projection_3;
          };
          let allStringEq_5 = returnComparator().length > 0;
          for (let element_4 of returnComparator()) {
            allStringEq_5 = allStringEq_5 && element_4 == "STOPPED";
          }
          if (allStringEq_5) {
            return { state: WaiterState.SUCCESS, reason };
          }
        } catch (e2) {
        }
      } catch (exception) {
        reason = exception;
      }
      return { state: WaiterState.RETRY, reason };
    };
    var waitForTasksStopped = async (params, input) => {
      const serviceDefaults = { minDelay: 6, maxDelay: 600 };
      return createWaiter({ ...serviceDefaults, ...params }, input, checkState);
    };
    var waitUntilTasksStopped = async (params, input) => {
      const serviceDefaults = { minDelay: 6, maxDelay: 600 };
      const result = await createWaiter({ ...serviceDefaults, ...params }, input, checkState);
      return checkExceptions(result);
    };
    var commands = {
      AssociateGatewayWithClusterCommand,
      ContinueServiceDeploymentCommand,
      CreateCapacityProviderCommand,
      CreateClusterCommand,
      CreateDaemonCommand,
      CreateExpressGatewayServiceCommand,
      CreateGatewayCommand,
      CreateServiceCommand,
      CreateTaskSetCommand,
      DeleteAccountSettingCommand,
      DeleteAttributesCommand,
      DeleteCapacityProviderCommand,
      DeleteClusterCommand,
      DeleteDaemonCommand,
      DeleteDaemonTaskDefinitionCommand,
      DeleteExpressGatewayServiceCommand,
      DeleteGatewayCommand,
      DeleteServiceCommand,
      DeleteTaskDefinitionsCommand,
      DeleteTaskSetCommand,
      DeregisterContainerInstanceCommand,
      DeregisterTaskDefinitionCommand,
      DescribeCapacityProvidersCommand,
      DescribeClustersCommand: DescribeClustersCommand2,
      DescribeContainerInstancesCommand,
      DescribeDaemonCommand,
      DescribeDaemonDeploymentsCommand,
      DescribeDaemonRevisionsCommand,
      DescribeDaemonTaskDefinitionCommand,
      DescribeExpressGatewayServiceCommand,
      DescribeGatewayCommand,
      DescribeGatewayResourcesCommand,
      DescribeGatewayRouteCommand,
      DescribeServiceDeploymentsCommand,
      DescribeServiceRevisionsCommand,
      DescribeServicesCommand: DescribeServicesCommand2,
      DescribeTaskDefinitionCommand,
      DescribeTasksCommand: DescribeTasksCommand2,
      DescribeTaskSetsCommand,
      DisassociateGatewayFromClusterCommand,
      DiscoverPollEndpointCommand,
      ExecuteCommandCommand,
      GetTaskProtectionCommand: GetTaskProtectionCommand2,
      ListAccountSettingsCommand,
      ListAttributesCommand,
      ListClustersCommand,
      ListContainerInstancesCommand,
      ListDaemonDeploymentsCommand,
      ListDaemonsCommand,
      ListDaemonTaskDefinitionsCommand,
      ListGatewayClusterAssociationsCommand,
      ListGatewayRoutesCommand,
      ListGatewaysCommand,
      ListServiceDeploymentsCommand,
      ListServicesCommand,
      ListServicesByNamespaceCommand,
      ListTagsForResourceCommand,
      ListTaskDefinitionFamiliesCommand,
      ListTaskDefinitionsCommand,
      ListTasksCommand,
      PutAccountSettingCommand,
      PutAccountSettingDefaultCommand,
      PutAttributesCommand,
      PutClusterCapacityProvidersCommand,
      RegisterContainerInstanceCommand,
      RegisterDaemonTaskDefinitionCommand,
      RegisterTaskDefinitionCommand,
      RunTaskCommand,
      StartTaskCommand,
      StopServiceDeploymentCommand,
      StopTaskCommand: StopTaskCommand2,
      SubmitAttachmentStateChangesCommand,
      SubmitContainerStateChangeCommand,
      SubmitTaskStateChangeCommand,
      TagResourceCommand,
      UntagResourceCommand,
      UpdateCapacityProviderCommand,
      UpdateClusterCommand,
      UpdateClusterSettingsCommand,
      UpdateContainerAgentCommand,
      UpdateContainerInstancesStateCommand,
      UpdateDaemonCommand,
      UpdateExpressGatewayServiceCommand,
      UpdateGatewayCommand,
      UpdateServiceCommand: UpdateServiceCommand2,
      UpdateServicePrimaryTaskSetCommand,
      UpdateTaskProtectionCommand: UpdateTaskProtectionCommand2,
      UpdateTaskSetCommand
    };
    var paginators = {
      paginateListAccountSettings,
      paginateListAttributes,
      paginateListClusters,
      paginateListContainerInstances,
      paginateListGatewayClusterAssociations,
      paginateListGatewayRoutes,
      paginateListGateways,
      paginateListServices,
      paginateListServicesByNamespace,
      paginateListTaskDefinitionFamilies,
      paginateListTaskDefinitions,
      paginateListTasks: paginateListTasks2
    };
    var waiters = {
      waitUntilDaemonActive,
      waitUntilDaemonDeploymentSuccessful,
      waitUntilDaemonDeploymentStopped,
      waitUntilDaemonTaskDefinitionActive,
      waitUntilDaemonTaskDefinitionDeleted,
      waitUntilServicesInactive,
      waitUntilServicesStable,
      waitUntilTasksRunning,
      waitUntilTasksStopped
    };
    var ECS = class extends ECSClient2 {
    };
    createAggregatedClient(commands, ECS, { paginators, waiters });
    var AcceleratorManufacturer = {
      AMAZON_WEB_SERVICES: "amazon-web-services",
      AMD: "amd",
      HABANA: "habana",
      NVIDIA: "nvidia",
      XILINX: "xilinx"
    };
    var AcceleratorName = {
      A100: "a100",
      A10G: "a10g",
      H100: "h100",
      INFERENTIA: "inferentia",
      K520: "k520",
      K80: "k80",
      M60: "m60",
      RADEON_PRO_V520: "radeon-pro-v520",
      T4: "t4",
      T4G: "t4g",
      V100: "v100",
      VU9P: "vu9p"
    };
    var AcceleratorType = {
      FPGA: "fpga",
      GPU: "gpu",
      INFERENCE: "inference"
    };
    var AccessType = {
      PRIVATE: "PRIVATE",
      PUBLIC: "PUBLIC"
    };
    var AgentUpdateStatus = {
      FAILED: "FAILED",
      PENDING: "PENDING",
      STAGED: "STAGED",
      STAGING: "STAGING",
      UPDATED: "UPDATED",
      UPDATING: "UPDATING"
    };
    var ManagedDraining = {
      DISABLED: "DISABLED",
      ENABLED: "ENABLED"
    };
    var ManagedScalingStatus = {
      DISABLED: "DISABLED",
      ENABLED: "ENABLED"
    };
    var ManagedTerminationProtection = {
      DISABLED: "DISABLED",
      ENABLED: "ENABLED"
    };
    var AutoRepairActionsStatus = {
      DISABLED: "DISABLED",
      ENABLED: "ENABLED"
    };
    var CapacityOptionType = {
      ON_DEMAND: "ON_DEMAND",
      RESERVED: "RESERVED",
      SPOT: "SPOT"
    };
    var CapacityReservationPreference = {
      RESERVATIONS_EXCLUDED: "RESERVATIONS_EXCLUDED",
      RESERVATIONS_FIRST: "RESERVATIONS_FIRST",
      RESERVATIONS_ONLY: "RESERVATIONS_ONLY"
    };
    var BareMetal = {
      EXCLUDED: "excluded",
      INCLUDED: "included",
      REQUIRED: "required"
    };
    var BurstablePerformance = {
      EXCLUDED: "excluded",
      INCLUDED: "included",
      REQUIRED: "required"
    };
    var CpuManufacturer = {
      AMAZON_WEB_SERVICES: "amazon-web-services",
      AMD: "amd",
      INTEL: "intel"
    };
    var InstanceGeneration = {
      CURRENT: "current",
      PREVIOUS: "previous"
    };
    var LocalStorage = {
      EXCLUDED: "excluded",
      INCLUDED: "included",
      REQUIRED: "required"
    };
    var LocalStorageType = {
      HDD: "hdd",
      SSD: "ssd"
    };
    var ManagedInstancesMonitoringOptions = {
      BASIC: "BASIC",
      DETAILED: "DETAILED"
    };
    var PropagateMITags = {
      CAPACITY_PROVIDER: "CAPACITY_PROVIDER",
      NONE: "NONE"
    };
    var CapacityProviderStatus = {
      ACTIVE: "ACTIVE",
      DEPROVISIONING: "DEPROVISIONING",
      INACTIVE: "INACTIVE",
      PROVISIONING: "PROVISIONING"
    };
    var CapacityProviderType = {
      EC2_AUTOSCALING: "EC2_AUTOSCALING",
      FARGATE: "FARGATE",
      FARGATE_SPOT: "FARGATE_SPOT",
      MANAGED_INSTANCES: "MANAGED_INSTANCES"
    };
    var CapacityProviderUpdateStatus = {
      CREATE_COMPLETE: "CREATE_COMPLETE",
      CREATE_FAILED: "CREATE_FAILED",
      CREATE_IN_PROGRESS: "CREATE_IN_PROGRESS",
      DELETE_COMPLETE: "DELETE_COMPLETE",
      DELETE_FAILED: "DELETE_FAILED",
      DELETE_IN_PROGRESS: "DELETE_IN_PROGRESS",
      UPDATE_COMPLETE: "UPDATE_COMPLETE",
      UPDATE_FAILED: "UPDATE_FAILED",
      UPDATE_IN_PROGRESS: "UPDATE_IN_PROGRESS"
    };
    var CapacityProviderField = {
      TAGS: "TAGS"
    };
    var ExecuteCommandLogging = {
      DEFAULT: "DEFAULT",
      NONE: "NONE",
      OVERRIDE: "OVERRIDE"
    };
    var ClusterSettingName = {
      CONTAINER_INSIGHTS: "containerInsights"
    };
    var TargetType = {
      CONTAINER_INSTANCE: "container-instance"
    };
    var GpuSharingMode = {
      DEDICATED: "DEDICATED",
      IDLE: "IDLE",
      NVIDIA_MPS: "NVIDIA_MPS"
    };
    var InstanceHealthCheckState = {
      IMPAIRED: "IMPAIRED",
      INITIALIZING: "INITIALIZING",
      INSUFFICIENT_DATA: "INSUFFICIENT_DATA",
      OK: "OK"
    };
    var InstanceHealthCheckType = {
      ACCELERATED_COMPUTE: "ACCELERATED_COMPUTE",
      AGENT_CONNECTIVITY: "AGENT_CONNECTIVITY",
      CONTAINER_RUNTIME: "CONTAINER_RUNTIME",
      DAEMON: "DAEMON"
    };
    var ClusterField = {
      ATTACHMENTS: "ATTACHMENTS",
      CONFIGURATIONS: "CONFIGURATIONS",
      SETTINGS: "SETTINGS",
      STATISTICS: "STATISTICS",
      TAGS: "TAGS"
    };
    var ContainerInstanceStatus = {
      ACTIVE: "ACTIVE",
      DEREGISTERING: "DEREGISTERING",
      DRAINING: "DRAINING",
      REGISTERING: "REGISTERING",
      REGISTRATION_FAILED: "REGISTRATION_FAILED"
    };
    var TransportProtocol = {
      TCP: "tcp",
      UDP: "udp"
    };
    var ManagedAgentName = {
      ExecuteCommandAgent: "ExecuteCommandAgent"
    };
    var ContainerInstanceField = {
      CONTAINER_INSTANCE_HEALTH: "CONTAINER_INSTANCE_HEALTH",
      TAGS: "TAGS"
    };
    var DesiredStatus = {
      PENDING: "PENDING",
      RUNNING: "RUNNING",
      STOPPED: "STOPPED"
    };
    var LaunchType = {
      EC2: "EC2",
      EXTERNAL: "EXTERNAL",
      FARGATE: "FARGATE",
      MANAGED_INSTANCES: "MANAGED_INSTANCES"
    };
    var PlatformDeviceType = {
      GPU: "GPU",
      NEURON_DEVICE: "NEURON_DEVICE"
    };
    var DeploymentLifecycleHookAction = {
      CONTINUE: "CONTINUE",
      ROLLBACK: "ROLLBACK"
    };
    var DaemonDeploymentRollbackMonitorsStatus = {
      DISABLED: "DISABLED",
      MONITORING: "MONITORING",
      MONITORING_COMPLETE: "MONITORING_COMPLETE",
      TRIGGERED: "TRIGGERED"
    };
    var DaemonDeploymentStatus = {
      IN_PROGRESS: "IN_PROGRESS",
      PENDING: "PENDING",
      ROLLBACK_FAILED: "ROLLBACK_FAILED",
      ROLLBACK_IN_PROGRESS: "ROLLBACK_IN_PROGRESS",
      ROLLBACK_SUCCESSFUL: "ROLLBACK_SUCCESSFUL",
      STOPPED: "STOPPED",
      STOP_REQUESTED: "STOP_REQUESTED",
      SUCCESSFUL: "SUCCESSFUL"
    };
    var DaemonPropagateTags = {
      DAEMON: "DAEMON",
      NONE: "NONE"
    };
    var DaemonStatus = {
      ACTIVE: "ACTIVE",
      DELETE_IN_PROGRESS: "DELETE_IN_PROGRESS"
    };
    var ContainerCondition = {
      COMPLETE: "COMPLETE",
      HEALTHY: "HEALTHY",
      START: "START",
      SUCCESS: "SUCCESS"
    };
    var EnvironmentFileType = {
      S3: "s3"
    };
    var FirelensConfigurationType = {
      FLUENTBIT: "fluentbit",
      FLUENTD: "fluentd"
    };
    var DeviceCgroupPermission = {
      MKNOD: "mknod",
      READ: "read",
      WRITE: "write"
    };
    var LogDriver = {
      AWSFIRELENS: "awsfirelens",
      AWSLOGS: "awslogs",
      FLUENTD: "fluentd",
      GELF: "gelf",
      JOURNALD: "journald",
      JSON_FILE: "json-file",
      SPLUNK: "splunk",
      SYSLOG: "syslog"
    };
    var UlimitName = {
      CORE: "core",
      CPU: "cpu",
      DATA: "data",
      FSIZE: "fsize",
      LOCKS: "locks",
      MEMLOCK: "memlock",
      MSGQUEUE: "msgqueue",
      NICE: "nice",
      NOFILE: "nofile",
      NPROC: "nproc",
      RSS: "rss",
      RTPRIO: "rtprio",
      RTTIME: "rttime",
      SIGPENDING: "sigpending",
      STACK: "stack"
    };
    var DaemonIpcMode = {
      NONE: "none",
      SHARED: "shared"
    };
    var DaemonPidMode = {
      NONE: "none",
      SHARED: "shared"
    };
    var DaemonTaskDefinitionStatus = {
      ACTIVE: "ACTIVE",
      DELETED: "DELETED",
      DELETE_IN_PROGRESS: "DELETE_IN_PROGRESS"
    };
    var DaemonTaskDefinitionRevisionFilter = {
      LAST_REGISTERED: "LAST_REGISTERED"
    };
    var SortOrder = {
      ASC: "ASC",
      DESC: "DESC"
    };
    var DaemonTaskDefinitionStatusFilter = {
      ACTIVE: "ACTIVE",
      ALL: "ALL",
      DELETE_IN_PROGRESS: "DELETE_IN_PROGRESS"
    };
    var SettingName = {
      AWSVPC_TRUNKING: "awsvpcTrunking",
      CONTAINER_INSIGHTS: "containerInsights",
      CONTAINER_INSTANCE_LONG_ARN_FORMAT: "containerInstanceLongArnFormat",
      DEFAULT_LOG_DRIVER_MODE: "defaultLogDriverMode",
      FARGATE_EVENT_WINDOWS: "fargateEventWindows",
      FARGATE_FIPS_MODE: "fargateFIPSMode",
      FARGATE_TASK_RETIREMENT_WAIT_PERIOD: "fargateTaskRetirementWaitPeriod",
      GUARD_DUTY_ACTIVATE: "guardDutyActivate",
      SERVICE_LONG_ARN_FORMAT: "serviceLongArnFormat",
      TAG_RESOURCE_AUTHORIZATION: "tagResourceAuthorization",
      TASK_LONG_ARN_FORMAT: "taskLongArnFormat"
    };
    var SettingType = {
      AWS_MANAGED: "aws_managed",
      USER: "user"
    };
    var Compatibility = {
      EC2: "EC2",
      EXTERNAL: "EXTERNAL",
      FARGATE: "FARGATE",
      MANAGED_INSTANCES: "MANAGED_INSTANCES"
    };
    var ApplicationProtocol = {
      GRPC: "grpc",
      HTTP: "http",
      HTTP2: "http2"
    };
    var ResourceType = {
      GPU: "GPU",
      INFERENCE_ACCELERATOR: "InferenceAccelerator",
      NEURON_DEVICE: "NeuronDevice"
    };
    var VersionConsistency = {
      DISABLED: "disabled",
      ENABLED: "enabled"
    };
    var IpcMode = {
      HOST: "host",
      NONE: "none",
      TASK: "task"
    };
    var NetworkMode = {
      AWSVPC: "awsvpc",
      BRIDGE: "bridge",
      HOST: "host",
      NONE: "none"
    };
    var PidMode = {
      HOST: "host",
      TASK: "task"
    };
    var TaskDefinitionPlacementConstraintType = {
      MEMBER_OF: "memberOf"
    };
    var ProxyConfigurationType = {
      APPMESH: "APPMESH"
    };
    var CPUArchitecture = {
      ARM64: "ARM64",
      X86_64: "X86_64"
    };
    var OSFamily = {
      LINUX: "LINUX",
      WINDOWS_SERVER_2004_CORE: "WINDOWS_SERVER_2004_CORE",
      WINDOWS_SERVER_2016_FULL: "WINDOWS_SERVER_2016_FULL",
      WINDOWS_SERVER_2019_CORE: "WINDOWS_SERVER_2019_CORE",
      WINDOWS_SERVER_2019_FULL: "WINDOWS_SERVER_2019_FULL",
      WINDOWS_SERVER_2022_CORE: "WINDOWS_SERVER_2022_CORE",
      WINDOWS_SERVER_2022_FULL: "WINDOWS_SERVER_2022_FULL",
      WINDOWS_SERVER_2025_CORE: "WINDOWS_SERVER_2025_CORE",
      WINDOWS_SERVER_2025_FULL: "WINDOWS_SERVER_2025_FULL",
      WINDOWS_SERVER_20H2_CORE: "WINDOWS_SERVER_20H2_CORE"
    };
    var TaskDefinitionStatus = {
      ACTIVE: "ACTIVE",
      DELETE_IN_PROGRESS: "DELETE_IN_PROGRESS",
      INACTIVE: "INACTIVE"
    };
    var Scope = {
      SHARED: "shared",
      TASK: "task"
    };
    var EFSAuthorizationConfigIAM = {
      DISABLED: "DISABLED",
      ENABLED: "ENABLED"
    };
    var EFSTransitEncryption = {
      DISABLED: "DISABLED",
      ENABLED: "ENABLED"
    };
    var TaskDefinitionField = {
      TAGS: "TAGS"
    };
    var GatewayClusterAssociationStatus = {
      ACTIVE: "ACTIVE",
      DISASSOCIATING: "DISASSOCIATING",
      INACTIVE: "INACTIVE"
    };
    var GatewayAlbDesyncMitigationMode = {
      DEFENSIVE: "defensive",
      MONITOR: "monitor",
      STRICTEST: "strictest"
    };
    var GatewayElbIpAddressType = {
      DUALSTACK: "dualstack",
      DUALSTACK_WITHOUT_PUBLIC_IPV4: "dualstack-without-public-ipv4",
      IPV4: "ipv4"
    };
    var GatewayAlbProtocol = {
      HTTP: "HTTP",
      HTTPS: "HTTPS"
    };
    var GatewayElbScheme = {
      INTERNAL: "internal",
      INTERNET_FACING: "internet-facing"
    };
    var PropagateGatewayTags = {
      GATEWAY: "GATEWAY",
      NONE: "NONE"
    };
    var GatewayStatus = {
      ACTIVE: "ACTIVE",
      DELETED: "DELETED",
      UPDATE_COMPLETE: "UPDATE_COMPLETE",
      UPDATE_FAILED: "UPDATE_FAILED",
      UPDATE_IN_PROGRESS: "UPDATE_IN_PROGRESS"
    };
    var GatewayRouteStatus = {
      ACTIVE: "ACTIVE",
      CREATE_FAILED: "CREATE_FAILED",
      CREATE_IN_PROGRESS: "CREATE_IN_PROGRESS",
      DELETE_FAILED: "DELETE_FAILED",
      DELETE_IN_PROGRESS: "DELETE_IN_PROGRESS",
      UPDATE_FAILED: "UPDATE_FAILED",
      UPDATE_IN_PROGRESS: "UPDATE_IN_PROGRESS"
    };
    var TaskDefinitionFamilyStatus = {
      ACTIVE: "ACTIVE",
      ALL: "ALL",
      INACTIVE: "INACTIVE"
    };
    var ServiceDeploymentRollbackMonitorsStatus = {
      DISABLED: "DISABLED",
      MONITORING: "MONITORING",
      MONITORING_COMPLETE: "MONITORING_COMPLETE",
      TRIGGERED: "TRIGGERED"
    };
    var ThresholdType = {
      BOUNDED_PERCENT: "BOUNDED_PERCENT",
      COUNT: "COUNT",
      UNBOUNDED_PERCENT: "UNBOUNDED_PERCENT"
    };
    var ServiceRevisionCleanup = {
      BLOCKING: "BLOCKING",
      DEFERRED: "DEFERRED"
    };
    var DeploymentLifecycleHookStage = {
      POST_PRODUCTION_TRAFFIC_SHIFT: "POST_PRODUCTION_TRAFFIC_SHIFT",
      POST_SCALE_UP: "POST_SCALE_UP",
      POST_TEST_TRAFFIC_SHIFT: "POST_TEST_TRAFFIC_SHIFT",
      PRE_PRODUCTION_TRAFFIC_SHIFT: "PRE_PRODUCTION_TRAFFIC_SHIFT",
      PRE_SCALE_UP: "PRE_SCALE_UP",
      PRODUCTION_TRAFFIC_SHIFT: "PRODUCTION_TRAFFIC_SHIFT",
      RECONCILE_SERVICE: "RECONCILE_SERVICE",
      TEST_TRAFFIC_SHIFT: "TEST_TRAFFIC_SHIFT"
    };
    var DeploymentLifecycleHookTargetType = {
      AWS_LAMBDA: "AWS_LAMBDA",
      PAUSE: "PAUSE"
    };
    var DeploymentStrategy = {
      BLUE_GREEN: "BLUE_GREEN",
      CANARY: "CANARY",
      LINEAR: "LINEAR",
      ROLLING: "ROLLING"
    };
    var DeploymentLifecycleHookStatus = {
      AWAITING_ACTION: "AWAITING_ACTION",
      FAILED: "FAILED",
      IN_PROGRESS: "IN_PROGRESS",
      SUCCEEDED: "SUCCEEDED",
      TIMED_OUT: "TIMED_OUT"
    };
    var ServiceDeploymentLifecycleStage = {
      BAKE_TIME: "BAKE_TIME",
      CLEAN_UP: "CLEAN_UP",
      POST_PRODUCTION_TRAFFIC_SHIFT: "POST_PRODUCTION_TRAFFIC_SHIFT",
      POST_SCALE_UP: "POST_SCALE_UP",
      POST_TEST_TRAFFIC_SHIFT: "POST_TEST_TRAFFIC_SHIFT",
      PRE_SCALE_UP: "PRE_SCALE_UP",
      PRODUCTION_TRAFFIC_SHIFT: "PRODUCTION_TRAFFIC_SHIFT",
      RECONCILE_SERVICE: "RECONCILE_SERVICE",
      SCALE_UP: "SCALE_UP",
      TEST_TRAFFIC_SHIFT: "TEST_TRAFFIC_SHIFT"
    };
    var ServiceDeploymentStatus = {
      IN_PROGRESS: "IN_PROGRESS",
      PENDING: "PENDING",
      ROLLBACK_FAILED: "ROLLBACK_FAILED",
      ROLLBACK_IN_PROGRESS: "ROLLBACK_IN_PROGRESS",
      ROLLBACK_REQUESTED: "ROLLBACK_REQUESTED",
      ROLLBACK_SUCCESSFUL: "ROLLBACK_SUCCESSFUL",
      STOPPED: "STOPPED",
      STOP_REQUESTED: "STOP_REQUESTED",
      SUCCESSFUL: "SUCCESSFUL"
    };
    var ExpressCpuArchitecture = {
      ARM64: "ARM64",
      X86_64: "X86_64"
    };
    var ExpressGatewayServiceScalingMetric = {
      AverageCPUUtilization: "AVERAGE_CPU",
      AverageMemoryUtilization: "AVERAGE_MEMORY",
      RequestCountPerTarget: "REQUEST_COUNT_PER_TARGET"
    };
    var ExpressGatewayServiceStatusCode = {
      ACTIVE: "ACTIVE",
      DRAINING: "DRAINING",
      INACTIVE: "INACTIVE"
    };
    var AvailabilityZoneRebalancing = {
      DISABLED: "DISABLED",
      ENABLED: "ENABLED"
    };
    var DeploymentControllerType = {
      CODE_DEPLOY: "CODE_DEPLOY",
      ECS: "ECS",
      EXTERNAL: "EXTERNAL"
    };
    var GatewayConnectorHealthCheckProtocol = {
      HTTP: "HTTP",
      HTTPS: "HTTPS"
    };
    var AssignPublicIp = {
      DISABLED: "DISABLED",
      ENABLED: "ENABLED"
    };
    var PlacementConstraintType = {
      DISTINCT_INSTANCE: "distinctInstance",
      MEMBER_OF: "memberOf"
    };
    var PlacementStrategyType = {
      BINPACK: "binpack",
      RANDOM: "random",
      SPREAD: "spread"
    };
    var PropagateTags = {
      NONE: "NONE",
      SERVICE: "SERVICE",
      TASK_DEFINITION: "TASK_DEFINITION"
    };
    var SchedulingStrategy = {
      DAEMON: "DAEMON",
      REPLICA: "REPLICA"
    };
    var ServiceConnectAccessLoggingFormat = {
      JSON: "JSON",
      TEXT: "TEXT"
    };
    var ServiceConnectIncludeQueryParameters = {
      DISABLED: "DISABLED",
      ENABLED: "ENABLED"
    };
    var ServiceConnectContainerLogLevel = {
      DEBUG: "debug",
      INFO: "info"
    };
    var TaskFilesystemType = {
      EXT3: "ext3",
      EXT4: "ext4",
      NTFS: "ntfs",
      XFS: "xfs"
    };
    var EBSResourceType = {
      VOLUME: "volume"
    };
    var DeploymentRolloutState = {
      COMPLETED: "COMPLETED",
      FAILED: "FAILED",
      IN_PROGRESS: "IN_PROGRESS"
    };
    var ResourceManagementType = {
      CUSTOMER: "CUSTOMER",
      ECS: "ECS"
    };
    var ScaleUnit = {
      PERCENT: "PERCENT"
    };
    var StabilityStatus = {
      STABILIZING: "STABILIZING",
      STEADY_STATE: "STEADY_STATE"
    };
    var ExpressGatewayServiceInclude = {
      TAGS: "TAGS"
    };
    var ServiceField = {
      TAGS: "TAGS"
    };
    var StopServiceDeploymentStopType = {
      ABORT: "ABORT",
      ROLLBACK: "ROLLBACK"
    };
    var ManagedResourceStatus = {
      ACTIVE: "ACTIVE",
      DELETED: "DELETED",
      DEPROVISIONING: "DEPROVISIONING",
      FAILED: "FAILED",
      PROVISIONING: "PROVISIONING"
    };
    var TaskField = {
      TAGS: "TAGS"
    };
    var Connectivity = {
      CONNECTED: "CONNECTED",
      DISCONNECTED: "DISCONNECTED"
    };
    var HealthStatus = {
      HEALTHY: "HEALTHY",
      UNHEALTHY: "UNHEALTHY",
      UNKNOWN: "UNKNOWN"
    };
    var TaskStopCode = {
      ESSENTIAL_CONTAINER_EXITED: "EssentialContainerExited",
      INFRASTRUCTURE_HEALTH: "InfrastructureHealth",
      SERVICE_SCHEDULER_INITIATED: "ServiceSchedulerInitiated",
      SPOT_INTERRUPTION: "SpotInterruption",
      TASK_FAILED_TO_START: "TaskFailedToStart",
      TERMINATION_NOTICE: "TerminationNotice",
      USER_INITIATED: "UserInitiated"
    };
    var TaskSetField = {
      TAGS: "TAGS"
    };
    exports.AcceleratorCountRequest$ = AcceleratorCountRequest$;
    exports.AcceleratorManufacturer = AcceleratorManufacturer;
    exports.AcceleratorName = AcceleratorName;
    exports.AcceleratorTotalMemoryMiBRequest$ = AcceleratorTotalMemoryMiBRequest$;
    exports.AcceleratorType = AcceleratorType;
    exports.AccessDeniedException = AccessDeniedException2;
    exports.AccessDeniedException$ = AccessDeniedException$;
    exports.AccessType = AccessType;
    exports.AdvancedConfiguration$ = AdvancedConfiguration$;
    exports.AgentUpdateStatus = AgentUpdateStatus;
    exports.ApplicationProtocol = ApplicationProtocol;
    exports.AssignPublicIp = AssignPublicIp;
    exports.AssociateGatewayWithCluster$ = AssociateGatewayWithCluster$;
    exports.AssociateGatewayWithClusterCommand = AssociateGatewayWithClusterCommand;
    exports.AssociateGatewayWithClusterRequest$ = AssociateGatewayWithClusterRequest$;
    exports.AssociateGatewayWithClusterResponse$ = AssociateGatewayWithClusterResponse$;
    exports.Attachment$ = Attachment$;
    exports.AttachmentStateChange$ = AttachmentStateChange$;
    exports.Attribute$ = Attribute$;
    exports.AttributeLimitExceededException = AttributeLimitExceededException;
    exports.AttributeLimitExceededException$ = AttributeLimitExceededException$;
    exports.AutoRepairActionsStatus = AutoRepairActionsStatus;
    exports.AutoRepairConfiguration$ = AutoRepairConfiguration$;
    exports.AutoScalingGroupProvider$ = AutoScalingGroupProvider$;
    exports.AutoScalingGroupProviderUpdate$ = AutoScalingGroupProviderUpdate$;
    exports.AvailabilityZoneRebalancing = AvailabilityZoneRebalancing;
    exports.AwsVpcConfiguration$ = AwsVpcConfiguration$;
    exports.BareMetal = BareMetal;
    exports.BaselineEbsBandwidthMbpsRequest$ = BaselineEbsBandwidthMbpsRequest$;
    exports.BlockedException = BlockedException;
    exports.BlockedException$ = BlockedException$;
    exports.BurstablePerformance = BurstablePerformance;
    exports.CPUArchitecture = CPUArchitecture;
    exports.CanaryConfiguration$ = CanaryConfiguration$;
    exports.CapacityOptionType = CapacityOptionType;
    exports.CapacityProvider$ = CapacityProvider$;
    exports.CapacityProviderField = CapacityProviderField;
    exports.CapacityProviderStatus = CapacityProviderStatus;
    exports.CapacityProviderStrategyItem$ = CapacityProviderStrategyItem$;
    exports.CapacityProviderType = CapacityProviderType;
    exports.CapacityProviderUpdateStatus = CapacityProviderUpdateStatus;
    exports.CapacityReservationPreference = CapacityReservationPreference;
    exports.CapacityReservationRequest$ = CapacityReservationRequest$;
    exports.ClientException = ClientException;
    exports.ClientException$ = ClientException$;
    exports.Cluster$ = Cluster$;
    exports.ClusterConfiguration$ = ClusterConfiguration$;
    exports.ClusterContainsCapacityProviderException = ClusterContainsCapacityProviderException;
    exports.ClusterContainsCapacityProviderException$ = ClusterContainsCapacityProviderException$;
    exports.ClusterContainsContainerInstancesException = ClusterContainsContainerInstancesException;
    exports.ClusterContainsContainerInstancesException$ = ClusterContainsContainerInstancesException$;
    exports.ClusterContainsServicesException = ClusterContainsServicesException;
    exports.ClusterContainsServicesException$ = ClusterContainsServicesException$;
    exports.ClusterContainsTasksException = ClusterContainsTasksException;
    exports.ClusterContainsTasksException$ = ClusterContainsTasksException$;
    exports.ClusterField = ClusterField;
    exports.ClusterNotFoundException = ClusterNotFoundException2;
    exports.ClusterNotFoundException$ = ClusterNotFoundException$;
    exports.ClusterServiceConnectDefaults$ = ClusterServiceConnectDefaults$;
    exports.ClusterServiceConnectDefaultsRequest$ = ClusterServiceConnectDefaultsRequest$;
    exports.ClusterSetting$ = ClusterSetting$;
    exports.ClusterSettingName = ClusterSettingName;
    exports.Compatibility = Compatibility;
    exports.ConflictException = ConflictException;
    exports.ConflictException$ = ConflictException$;
    exports.Connectivity = Connectivity;
    exports.Container$ = Container$;
    exports.ContainerCondition = ContainerCondition;
    exports.ContainerDefinition$ = ContainerDefinition$;
    exports.ContainerDependency$ = ContainerDependency$;
    exports.ContainerImage$ = ContainerImage$;
    exports.ContainerInstance$ = ContainerInstance$;
    exports.ContainerInstanceField = ContainerInstanceField;
    exports.ContainerInstanceHealthStatus$ = ContainerInstanceHealthStatus$;
    exports.ContainerInstanceStatus = ContainerInstanceStatus;
    exports.ContainerOverride$ = ContainerOverride$;
    exports.ContainerRestartPolicy$ = ContainerRestartPolicy$;
    exports.ContainerStateChange$ = ContainerStateChange$;
    exports.ContinueServiceDeployment$ = ContinueServiceDeployment$;
    exports.ContinueServiceDeploymentCommand = ContinueServiceDeploymentCommand;
    exports.ContinueServiceDeploymentRequest$ = ContinueServiceDeploymentRequest$;
    exports.ContinueServiceDeploymentResponse$ = ContinueServiceDeploymentResponse$;
    exports.CpuManufacturer = CpuManufacturer;
    exports.CreateCapacityProvider$ = CreateCapacityProvider$;
    exports.CreateCapacityProviderCommand = CreateCapacityProviderCommand;
    exports.CreateCapacityProviderRequest$ = CreateCapacityProviderRequest$;
    exports.CreateCapacityProviderResponse$ = CreateCapacityProviderResponse$;
    exports.CreateCluster$ = CreateCluster$;
    exports.CreateClusterCommand = CreateClusterCommand;
    exports.CreateClusterRequest$ = CreateClusterRequest$;
    exports.CreateClusterResponse$ = CreateClusterResponse$;
    exports.CreateDaemon$ = CreateDaemon$;
    exports.CreateDaemonCommand = CreateDaemonCommand;
    exports.CreateDaemonRequest$ = CreateDaemonRequest$;
    exports.CreateDaemonResponse$ = CreateDaemonResponse$;
    exports.CreateExpressGatewayService$ = CreateExpressGatewayService$;
    exports.CreateExpressGatewayServiceCommand = CreateExpressGatewayServiceCommand;
    exports.CreateExpressGatewayServiceRequest$ = CreateExpressGatewayServiceRequest$;
    exports.CreateExpressGatewayServiceResponse$ = CreateExpressGatewayServiceResponse$;
    exports.CreateGateway$ = CreateGateway$;
    exports.CreateGatewayCommand = CreateGatewayCommand;
    exports.CreateGatewayRequest$ = CreateGatewayRequest$;
    exports.CreateGatewayResponse$ = CreateGatewayResponse$;
    exports.CreateManagedInstancesProviderConfiguration$ = CreateManagedInstancesProviderConfiguration$;
    exports.CreateService$ = CreateService$;
    exports.CreateServiceCommand = CreateServiceCommand;
    exports.CreateServiceRequest$ = CreateServiceRequest$;
    exports.CreateServiceResponse$ = CreateServiceResponse$;
    exports.CreateTaskSet$ = CreateTaskSet$;
    exports.CreateTaskSetCommand = CreateTaskSetCommand;
    exports.CreateTaskSetRequest$ = CreateTaskSetRequest$;
    exports.CreateTaskSetResponse$ = CreateTaskSetResponse$;
    exports.CreatedAt$ = CreatedAt$;
    exports.DaemonAlarmConfiguration$ = DaemonAlarmConfiguration$;
    exports.DaemonCapacityProvider$ = DaemonCapacityProvider$;
    exports.DaemonCircuitBreaker$ = DaemonCircuitBreaker$;
    exports.DaemonContainerDefinition$ = DaemonContainerDefinition$;
    exports.DaemonContainerImage$ = DaemonContainerImage$;
    exports.DaemonDeployment$ = DaemonDeployment$;
    exports.DaemonDeploymentAlarms$ = DaemonDeploymentAlarms$;
    exports.DaemonDeploymentCapacityProvider$ = DaemonDeploymentCapacityProvider$;
    exports.DaemonDeploymentConfiguration$ = DaemonDeploymentConfiguration$;
    exports.DaemonDeploymentRevisionDetail$ = DaemonDeploymentRevisionDetail$;
    exports.DaemonDeploymentRollbackMonitorsStatus = DaemonDeploymentRollbackMonitorsStatus;
    exports.DaemonDeploymentStatus = DaemonDeploymentStatus;
    exports.DaemonDeploymentSummary$ = DaemonDeploymentSummary$;
    exports.DaemonDetail$ = DaemonDetail$;
    exports.DaemonIpcMode = DaemonIpcMode;
    exports.DaemonLinuxParameters$ = DaemonLinuxParameters$;
    exports.DaemonNotActiveException = DaemonNotActiveException;
    exports.DaemonNotActiveException$ = DaemonNotActiveException$;
    exports.DaemonNotFoundException = DaemonNotFoundException;
    exports.DaemonNotFoundException$ = DaemonNotFoundException$;
    exports.DaemonPidMode = DaemonPidMode;
    exports.DaemonPropagateTags = DaemonPropagateTags;
    exports.DaemonRevision$ = DaemonRevision$;
    exports.DaemonRevisionDetail$ = DaemonRevisionDetail$;
    exports.DaemonRollback$ = DaemonRollback$;
    exports.DaemonStatus = DaemonStatus;
    exports.DaemonSummary$ = DaemonSummary$;
    exports.DaemonTaskDefinition$ = DaemonTaskDefinition$;
    exports.DaemonTaskDefinitionRevisionFilter = DaemonTaskDefinitionRevisionFilter;
    exports.DaemonTaskDefinitionStatus = DaemonTaskDefinitionStatus;
    exports.DaemonTaskDefinitionStatusFilter = DaemonTaskDefinitionStatusFilter;
    exports.DaemonTaskDefinitionSummary$ = DaemonTaskDefinitionSummary$;
    exports.DaemonVolume$ = DaemonVolume$;
    exports.DeleteAccountSetting$ = DeleteAccountSetting$;
    exports.DeleteAccountSettingCommand = DeleteAccountSettingCommand;
    exports.DeleteAccountSettingRequest$ = DeleteAccountSettingRequest$;
    exports.DeleteAccountSettingResponse$ = DeleteAccountSettingResponse$;
    exports.DeleteAttributes$ = DeleteAttributes$;
    exports.DeleteAttributesCommand = DeleteAttributesCommand;
    exports.DeleteAttributesRequest$ = DeleteAttributesRequest$;
    exports.DeleteAttributesResponse$ = DeleteAttributesResponse$;
    exports.DeleteCapacityProvider$ = DeleteCapacityProvider$;
    exports.DeleteCapacityProviderCommand = DeleteCapacityProviderCommand;
    exports.DeleteCapacityProviderRequest$ = DeleteCapacityProviderRequest$;
    exports.DeleteCapacityProviderResponse$ = DeleteCapacityProviderResponse$;
    exports.DeleteCluster$ = DeleteCluster$;
    exports.DeleteClusterCommand = DeleteClusterCommand;
    exports.DeleteClusterRequest$ = DeleteClusterRequest$;
    exports.DeleteClusterResponse$ = DeleteClusterResponse$;
    exports.DeleteDaemon$ = DeleteDaemon$;
    exports.DeleteDaemonCommand = DeleteDaemonCommand;
    exports.DeleteDaemonRequest$ = DeleteDaemonRequest$;
    exports.DeleteDaemonResponse$ = DeleteDaemonResponse$;
    exports.DeleteDaemonTaskDefinition$ = DeleteDaemonTaskDefinition$;
    exports.DeleteDaemonTaskDefinitionCommand = DeleteDaemonTaskDefinitionCommand;
    exports.DeleteDaemonTaskDefinitionRequest$ = DeleteDaemonTaskDefinitionRequest$;
    exports.DeleteDaemonTaskDefinitionResponse$ = DeleteDaemonTaskDefinitionResponse$;
    exports.DeleteExpressGatewayService$ = DeleteExpressGatewayService$;
    exports.DeleteExpressGatewayServiceCommand = DeleteExpressGatewayServiceCommand;
    exports.DeleteExpressGatewayServiceRequest$ = DeleteExpressGatewayServiceRequest$;
    exports.DeleteExpressGatewayServiceResponse$ = DeleteExpressGatewayServiceResponse$;
    exports.DeleteGateway$ = DeleteGateway$;
    exports.DeleteGatewayCommand = DeleteGatewayCommand;
    exports.DeleteGatewayRequest$ = DeleteGatewayRequest$;
    exports.DeleteGatewayResponse$ = DeleteGatewayResponse$;
    exports.DeleteService$ = DeleteService$;
    exports.DeleteServiceCommand = DeleteServiceCommand;
    exports.DeleteServiceRequest$ = DeleteServiceRequest$;
    exports.DeleteServiceResponse$ = DeleteServiceResponse$;
    exports.DeleteTaskDefinitions$ = DeleteTaskDefinitions$;
    exports.DeleteTaskDefinitionsCommand = DeleteTaskDefinitionsCommand;
    exports.DeleteTaskDefinitionsRequest$ = DeleteTaskDefinitionsRequest$;
    exports.DeleteTaskDefinitionsResponse$ = DeleteTaskDefinitionsResponse$;
    exports.DeleteTaskSet$ = DeleteTaskSet$;
    exports.DeleteTaskSetCommand = DeleteTaskSetCommand;
    exports.DeleteTaskSetRequest$ = DeleteTaskSetRequest$;
    exports.DeleteTaskSetResponse$ = DeleteTaskSetResponse$;
    exports.Deployment$ = Deployment$;
    exports.DeploymentAlarms$ = DeploymentAlarms$;
    exports.DeploymentCircuitBreaker$ = DeploymentCircuitBreaker$;
    exports.DeploymentConfiguration$ = DeploymentConfiguration$;
    exports.DeploymentController$ = DeploymentController$;
    exports.DeploymentControllerType = DeploymentControllerType;
    exports.DeploymentEarlySuccessCriteria$ = DeploymentEarlySuccessCriteria$;
    exports.DeploymentEphemeralStorage$ = DeploymentEphemeralStorage$;
    exports.DeploymentLifecycleHook$ = DeploymentLifecycleHook$;
    exports.DeploymentLifecycleHookAction = DeploymentLifecycleHookAction;
    exports.DeploymentLifecycleHookDetail$ = DeploymentLifecycleHookDetail$;
    exports.DeploymentLifecycleHookStage = DeploymentLifecycleHookStage;
    exports.DeploymentLifecycleHookStatus = DeploymentLifecycleHookStatus;
    exports.DeploymentLifecycleHookTargetType = DeploymentLifecycleHookTargetType;
    exports.DeploymentLifecycleHookTimeoutConfiguration$ = DeploymentLifecycleHookTimeoutConfiguration$;
    exports.DeploymentRolloutState = DeploymentRolloutState;
    exports.DeploymentStrategy = DeploymentStrategy;
    exports.DeregisterContainerInstance$ = DeregisterContainerInstance$;
    exports.DeregisterContainerInstanceCommand = DeregisterContainerInstanceCommand;
    exports.DeregisterContainerInstanceRequest$ = DeregisterContainerInstanceRequest$;
    exports.DeregisterContainerInstanceResponse$ = DeregisterContainerInstanceResponse$;
    exports.DeregisterTaskDefinition$ = DeregisterTaskDefinition$;
    exports.DeregisterTaskDefinitionCommand = DeregisterTaskDefinitionCommand;
    exports.DeregisterTaskDefinitionRequest$ = DeregisterTaskDefinitionRequest$;
    exports.DeregisterTaskDefinitionResponse$ = DeregisterTaskDefinitionResponse$;
    exports.DescribeCapacityProviders$ = DescribeCapacityProviders$;
    exports.DescribeCapacityProvidersCommand = DescribeCapacityProvidersCommand;
    exports.DescribeCapacityProvidersRequest$ = DescribeCapacityProvidersRequest$;
    exports.DescribeCapacityProvidersResponse$ = DescribeCapacityProvidersResponse$;
    exports.DescribeClusters$ = DescribeClusters$;
    exports.DescribeClustersCommand = DescribeClustersCommand2;
    exports.DescribeClustersRequest$ = DescribeClustersRequest$;
    exports.DescribeClustersResponse$ = DescribeClustersResponse$;
    exports.DescribeContainerInstances$ = DescribeContainerInstances$;
    exports.DescribeContainerInstancesCommand = DescribeContainerInstancesCommand;
    exports.DescribeContainerInstancesRequest$ = DescribeContainerInstancesRequest$;
    exports.DescribeContainerInstancesResponse$ = DescribeContainerInstancesResponse$;
    exports.DescribeDaemon$ = DescribeDaemon$;
    exports.DescribeDaemonCommand = DescribeDaemonCommand;
    exports.DescribeDaemonDeployments$ = DescribeDaemonDeployments$;
    exports.DescribeDaemonDeploymentsCommand = DescribeDaemonDeploymentsCommand;
    exports.DescribeDaemonDeploymentsRequest$ = DescribeDaemonDeploymentsRequest$;
    exports.DescribeDaemonDeploymentsResponse$ = DescribeDaemonDeploymentsResponse$;
    exports.DescribeDaemonRequest$ = DescribeDaemonRequest$;
    exports.DescribeDaemonResponse$ = DescribeDaemonResponse$;
    exports.DescribeDaemonRevisions$ = DescribeDaemonRevisions$;
    exports.DescribeDaemonRevisionsCommand = DescribeDaemonRevisionsCommand;
    exports.DescribeDaemonRevisionsRequest$ = DescribeDaemonRevisionsRequest$;
    exports.DescribeDaemonRevisionsResponse$ = DescribeDaemonRevisionsResponse$;
    exports.DescribeDaemonTaskDefinition$ = DescribeDaemonTaskDefinition$;
    exports.DescribeDaemonTaskDefinitionCommand = DescribeDaemonTaskDefinitionCommand;
    exports.DescribeDaemonTaskDefinitionRequest$ = DescribeDaemonTaskDefinitionRequest$;
    exports.DescribeDaemonTaskDefinitionResponse$ = DescribeDaemonTaskDefinitionResponse$;
    exports.DescribeExpressGatewayService$ = DescribeExpressGatewayService$;
    exports.DescribeExpressGatewayServiceCommand = DescribeExpressGatewayServiceCommand;
    exports.DescribeExpressGatewayServiceRequest$ = DescribeExpressGatewayServiceRequest$;
    exports.DescribeExpressGatewayServiceResponse$ = DescribeExpressGatewayServiceResponse$;
    exports.DescribeGateway$ = DescribeGateway$;
    exports.DescribeGatewayAlbConfiguration$ = DescribeGatewayAlbConfiguration$;
    exports.DescribeGatewayCommand = DescribeGatewayCommand;
    exports.DescribeGatewayConfiguration$ = DescribeGatewayConfiguration$;
    exports.DescribeGatewayRequest$ = DescribeGatewayRequest$;
    exports.DescribeGatewayResources$ = DescribeGatewayResources$;
    exports.DescribeGatewayResourcesCommand = DescribeGatewayResourcesCommand;
    exports.DescribeGatewayResourcesRequest$ = DescribeGatewayResourcesRequest$;
    exports.DescribeGatewayResourcesResponse$ = DescribeGatewayResourcesResponse$;
    exports.DescribeGatewayResponse$ = DescribeGatewayResponse$;
    exports.DescribeGatewayRoute$ = DescribeGatewayRoute$;
    exports.DescribeGatewayRouteCommand = DescribeGatewayRouteCommand;
    exports.DescribeGatewayRouteRequest$ = DescribeGatewayRouteRequest$;
    exports.DescribeGatewayRouteResponse$ = DescribeGatewayRouteResponse$;
    exports.DescribeServiceDeployments$ = DescribeServiceDeployments$;
    exports.DescribeServiceDeploymentsCommand = DescribeServiceDeploymentsCommand;
    exports.DescribeServiceDeploymentsRequest$ = DescribeServiceDeploymentsRequest$;
    exports.DescribeServiceDeploymentsResponse$ = DescribeServiceDeploymentsResponse$;
    exports.DescribeServiceRevisions$ = DescribeServiceRevisions$;
    exports.DescribeServiceRevisionsCommand = DescribeServiceRevisionsCommand;
    exports.DescribeServiceRevisionsRequest$ = DescribeServiceRevisionsRequest$;
    exports.DescribeServiceRevisionsResponse$ = DescribeServiceRevisionsResponse$;
    exports.DescribeServices$ = DescribeServices$;
    exports.DescribeServicesCommand = DescribeServicesCommand2;
    exports.DescribeServicesRequest$ = DescribeServicesRequest$;
    exports.DescribeServicesResponse$ = DescribeServicesResponse$;
    exports.DescribeTaskDefinition$ = DescribeTaskDefinition$;
    exports.DescribeTaskDefinitionCommand = DescribeTaskDefinitionCommand;
    exports.DescribeTaskDefinitionRequest$ = DescribeTaskDefinitionRequest$;
    exports.DescribeTaskDefinitionResponse$ = DescribeTaskDefinitionResponse$;
    exports.DescribeTaskSets$ = DescribeTaskSets$;
    exports.DescribeTaskSetsCommand = DescribeTaskSetsCommand;
    exports.DescribeTaskSetsRequest$ = DescribeTaskSetsRequest$;
    exports.DescribeTaskSetsResponse$ = DescribeTaskSetsResponse$;
    exports.DescribeTasks$ = DescribeTasks$;
    exports.DescribeTasksCommand = DescribeTasksCommand2;
    exports.DescribeTasksRequest$ = DescribeTasksRequest$;
    exports.DescribeTasksResponse$ = DescribeTasksResponse$;
    exports.DesiredStatus = DesiredStatus;
    exports.Device$ = Device$;
    exports.DeviceCgroupPermission = DeviceCgroupPermission;
    exports.DisassociateGatewayFromCluster$ = DisassociateGatewayFromCluster$;
    exports.DisassociateGatewayFromClusterCommand = DisassociateGatewayFromClusterCommand;
    exports.DisassociateGatewayFromClusterRequest$ = DisassociateGatewayFromClusterRequest$;
    exports.DisassociateGatewayFromClusterResponse$ = DisassociateGatewayFromClusterResponse$;
    exports.DiscoverPollEndpoint$ = DiscoverPollEndpoint$;
    exports.DiscoverPollEndpointCommand = DiscoverPollEndpointCommand;
    exports.DiscoverPollEndpointRequest$ = DiscoverPollEndpointRequest$;
    exports.DiscoverPollEndpointResponse$ = DiscoverPollEndpointResponse$;
    exports.DockerVolumeConfiguration$ = DockerVolumeConfiguration$;
    exports.EBSResourceType = EBSResourceType;
    exports.EBSTagSpecification$ = EBSTagSpecification$;
    exports.ECS = ECS;
    exports.ECSClient = ECSClient2;
    exports.ECSExpressGatewayService$ = ECSExpressGatewayService$;
    exports.ECSManagedResources$ = ECSManagedResources$;
    exports.ECSServiceException = ECSServiceException2;
    exports.ECSServiceException$ = ECSServiceException$;
    exports.EFSAuthorizationConfig$ = EFSAuthorizationConfig$;
    exports.EFSAuthorizationConfigIAM = EFSAuthorizationConfigIAM;
    exports.EFSTransitEncryption = EFSTransitEncryption;
    exports.EFSVolumeConfiguration$ = EFSVolumeConfiguration$;
    exports.ElbGatewayResources$ = ElbGatewayResources$;
    exports.EnvironmentFile$ = EnvironmentFile$;
    exports.EnvironmentFileType = EnvironmentFileType;
    exports.EphemeralStorage$ = EphemeralStorage$;
    exports.ExecuteCommand$ = ExecuteCommand$;
    exports.ExecuteCommandCommand = ExecuteCommandCommand;
    exports.ExecuteCommandConfiguration$ = ExecuteCommandConfiguration$;
    exports.ExecuteCommandLogConfiguration$ = ExecuteCommandLogConfiguration$;
    exports.ExecuteCommandLogging = ExecuteCommandLogging;
    exports.ExecuteCommandRequest$ = ExecuteCommandRequest$;
    exports.ExecuteCommandResponse$ = ExecuteCommandResponse$;
    exports.ExpressCpuArchitecture = ExpressCpuArchitecture;
    exports.ExpressGatewayContainer$ = ExpressGatewayContainer$;
    exports.ExpressGatewayRepositoryCredentials$ = ExpressGatewayRepositoryCredentials$;
    exports.ExpressGatewayScalingTarget$ = ExpressGatewayScalingTarget$;
    exports.ExpressGatewayServiceAwsLogsConfiguration$ = ExpressGatewayServiceAwsLogsConfiguration$;
    exports.ExpressGatewayServiceConfiguration$ = ExpressGatewayServiceConfiguration$;
    exports.ExpressGatewayServiceInclude = ExpressGatewayServiceInclude;
    exports.ExpressGatewayServiceNetworkConfiguration$ = ExpressGatewayServiceNetworkConfiguration$;
    exports.ExpressGatewayServiceScalingMetric = ExpressGatewayServiceScalingMetric;
    exports.ExpressGatewayServiceStatus$ = ExpressGatewayServiceStatus$;
    exports.ExpressGatewayServiceStatusCode = ExpressGatewayServiceStatusCode;
    exports.FSxWindowsFileServerAuthorizationConfig$ = FSxWindowsFileServerAuthorizationConfig$;
    exports.FSxWindowsFileServerVolumeConfiguration$ = FSxWindowsFileServerVolumeConfiguration$;
    exports.Failure$ = Failure$;
    exports.FirelensConfiguration$ = FirelensConfiguration$;
    exports.FirelensConfigurationType = FirelensConfigurationType;
    exports.Gateway$ = Gateway$;
    exports.GatewayAlbDesyncMitigationMode = GatewayAlbDesyncMitigationMode;
    exports.GatewayAlbProtocol = GatewayAlbProtocol;
    exports.GatewayAlbTestTrafficRules$ = GatewayAlbTestTrafficRules$;
    exports.GatewayClusterAssociationStatus = GatewayClusterAssociationStatus;
    exports.GatewayClusterAssociationSummary$ = GatewayClusterAssociationSummary$;
    exports.GatewayConfiguration$ = GatewayConfiguration$;
    exports.GatewayConnection$ = GatewayConnection$;
    exports.GatewayConnectionAlbResources$ = GatewayConnectionAlbResources$;
    exports.GatewayConnectionResources$ = GatewayConnectionResources$;
    exports.GatewayConnector$ = GatewayConnector$;
    exports.GatewayConnectorFilters$ = GatewayConnectorFilters$;
    exports.GatewayConnectorHealthCheck$ = GatewayConnectorHealthCheck$;
    exports.GatewayConnectorHealthCheckMatcher$ = GatewayConnectorHealthCheckMatcher$;
    exports.GatewayConnectorHealthCheckProtocol = GatewayConnectorHealthCheckProtocol;
    exports.GatewayElbAccessLogConfiguration$ = GatewayElbAccessLogConfiguration$;
    exports.GatewayElbAccessLogDestination$ = GatewayElbAccessLogDestination$;
    exports.GatewayElbAccessLogS3Destination$ = GatewayElbAccessLogS3Destination$;
    exports.GatewayElbIpAddressType = GatewayElbIpAddressType;
    exports.GatewayElbNetworkConfiguration$ = GatewayElbNetworkConfiguration$;
    exports.GatewayElbScheme = GatewayElbScheme;
    exports.GatewayInfrastructureResources$ = GatewayInfrastructureResources$;
    exports.GatewayNotFoundException = GatewayNotFoundException;
    exports.GatewayNotFoundException$ = GatewayNotFoundException$;
    exports.GatewayOperationError$ = GatewayOperationError$;
    exports.GatewayResourceFailure$ = GatewayResourceFailure$;
    exports.GatewayResources$ = GatewayResources$;
    exports.GatewayRoute$ = GatewayRoute$;
    exports.GatewayRouteAlbResources$ = GatewayRouteAlbResources$;
    exports.GatewayRouteLoadBalancerSecurityGroup$ = GatewayRouteLoadBalancerSecurityGroup$;
    exports.GatewayRouteResources$ = GatewayRouteResources$;
    exports.GatewayRouteStatus = GatewayRouteStatus;
    exports.GatewayRouteSummary$ = GatewayRouteSummary$;
    exports.GatewayStatus = GatewayStatus;
    exports.GatewaySummary$ = GatewaySummary$;
    exports.GatewayTestTrafficHeader$ = GatewayTestTrafficHeader$;
    exports.GetTaskProtection$ = GetTaskProtection$;
    exports.GetTaskProtectionCommand = GetTaskProtectionCommand2;
    exports.GetTaskProtectionRequest$ = GetTaskProtectionRequest$;
    exports.GetTaskProtectionResponse$ = GetTaskProtectionResponse$;
    exports.GpuDevice$ = GpuDevice$;
    exports.GpuSharingMode = GpuSharingMode;
    exports.HealthCheck$ = HealthCheck$;
    exports.HealthStatus = HealthStatus;
    exports.HostEntry$ = HostEntry$;
    exports.HostSharedAlbConfiguration$ = HostSharedAlbConfiguration$;
    exports.HostVolumeProperties$ = HostVolumeProperties$;
    exports.InferenceAccelerator$ = InferenceAccelerator$;
    exports.InferenceAcceleratorOverride$ = InferenceAcceleratorOverride$;
    exports.InfrastructureOptimization$ = InfrastructureOptimization$;
    exports.IngressPathSummary$ = IngressPathSummary$;
    exports.InstanceGeneration = InstanceGeneration;
    exports.InstanceHealthCheckResult$ = InstanceHealthCheckResult$;
    exports.InstanceHealthCheckState = InstanceHealthCheckState;
    exports.InstanceHealthCheckType = InstanceHealthCheckType;
    exports.InstanceLaunchTemplate$ = InstanceLaunchTemplate$;
    exports.InstanceLaunchTemplateUpdate$ = InstanceLaunchTemplateUpdate$;
    exports.InstanceRequirementsRequest$ = InstanceRequirementsRequest$;
    exports.InvalidParameterException = InvalidParameterException2;
    exports.InvalidParameterException$ = InvalidParameterException$;
    exports.IpcMode = IpcMode;
    exports.KernelCapabilities$ = KernelCapabilities$;
    exports.KeyValuePair$ = KeyValuePair$;
    exports.LaunchType = LaunchType;
    exports.LimitExceededException = LimitExceededException;
    exports.LimitExceededException$ = LimitExceededException$;
    exports.LinearConfiguration$ = LinearConfiguration$;
    exports.LinuxParameters$ = LinuxParameters$;
    exports.ListAccountSettings$ = ListAccountSettings$;
    exports.ListAccountSettingsCommand = ListAccountSettingsCommand;
    exports.ListAccountSettingsRequest$ = ListAccountSettingsRequest$;
    exports.ListAccountSettingsResponse$ = ListAccountSettingsResponse$;
    exports.ListAttributes$ = ListAttributes$;
    exports.ListAttributesCommand = ListAttributesCommand;
    exports.ListAttributesRequest$ = ListAttributesRequest$;
    exports.ListAttributesResponse$ = ListAttributesResponse$;
    exports.ListClusters$ = ListClusters$;
    exports.ListClustersCommand = ListClustersCommand;
    exports.ListClustersRequest$ = ListClustersRequest$;
    exports.ListClustersResponse$ = ListClustersResponse$;
    exports.ListContainerInstances$ = ListContainerInstances$;
    exports.ListContainerInstancesCommand = ListContainerInstancesCommand;
    exports.ListContainerInstancesRequest$ = ListContainerInstancesRequest$;
    exports.ListContainerInstancesResponse$ = ListContainerInstancesResponse$;
    exports.ListDaemonDeployments$ = ListDaemonDeployments$;
    exports.ListDaemonDeploymentsCommand = ListDaemonDeploymentsCommand;
    exports.ListDaemonDeploymentsRequest$ = ListDaemonDeploymentsRequest$;
    exports.ListDaemonDeploymentsResponse$ = ListDaemonDeploymentsResponse$;
    exports.ListDaemonTaskDefinitions$ = ListDaemonTaskDefinitions$;
    exports.ListDaemonTaskDefinitionsCommand = ListDaemonTaskDefinitionsCommand;
    exports.ListDaemonTaskDefinitionsRequest$ = ListDaemonTaskDefinitionsRequest$;
    exports.ListDaemonTaskDefinitionsResponse$ = ListDaemonTaskDefinitionsResponse$;
    exports.ListDaemons$ = ListDaemons$;
    exports.ListDaemonsCommand = ListDaemonsCommand;
    exports.ListDaemonsRequest$ = ListDaemonsRequest$;
    exports.ListDaemonsResponse$ = ListDaemonsResponse$;
    exports.ListGatewayClusterAssociations$ = ListGatewayClusterAssociations$;
    exports.ListGatewayClusterAssociationsCommand = ListGatewayClusterAssociationsCommand;
    exports.ListGatewayClusterAssociationsRequest$ = ListGatewayClusterAssociationsRequest$;
    exports.ListGatewayClusterAssociationsResponse$ = ListGatewayClusterAssociationsResponse$;
    exports.ListGatewayRoutes$ = ListGatewayRoutes$;
    exports.ListGatewayRoutesCommand = ListGatewayRoutesCommand;
    exports.ListGatewayRoutesRequest$ = ListGatewayRoutesRequest$;
    exports.ListGatewayRoutesResponse$ = ListGatewayRoutesResponse$;
    exports.ListGateways$ = ListGateways$;
    exports.ListGatewaysCommand = ListGatewaysCommand;
    exports.ListGatewaysRequest$ = ListGatewaysRequest$;
    exports.ListGatewaysResponse$ = ListGatewaysResponse$;
    exports.ListServiceDeployments$ = ListServiceDeployments$;
    exports.ListServiceDeploymentsCommand = ListServiceDeploymentsCommand;
    exports.ListServiceDeploymentsRequest$ = ListServiceDeploymentsRequest$;
    exports.ListServiceDeploymentsResponse$ = ListServiceDeploymentsResponse$;
    exports.ListServices$ = ListServices$;
    exports.ListServicesByNamespace$ = ListServicesByNamespace$;
    exports.ListServicesByNamespaceCommand = ListServicesByNamespaceCommand;
    exports.ListServicesByNamespaceRequest$ = ListServicesByNamespaceRequest$;
    exports.ListServicesByNamespaceResponse$ = ListServicesByNamespaceResponse$;
    exports.ListServicesCommand = ListServicesCommand;
    exports.ListServicesRequest$ = ListServicesRequest$;
    exports.ListServicesResponse$ = ListServicesResponse$;
    exports.ListTagsForResource$ = ListTagsForResource$;
    exports.ListTagsForResourceCommand = ListTagsForResourceCommand;
    exports.ListTagsForResourceRequest$ = ListTagsForResourceRequest$;
    exports.ListTagsForResourceResponse$ = ListTagsForResourceResponse$;
    exports.ListTaskDefinitionFamilies$ = ListTaskDefinitionFamilies$;
    exports.ListTaskDefinitionFamiliesCommand = ListTaskDefinitionFamiliesCommand;
    exports.ListTaskDefinitionFamiliesRequest$ = ListTaskDefinitionFamiliesRequest$;
    exports.ListTaskDefinitionFamiliesResponse$ = ListTaskDefinitionFamiliesResponse$;
    exports.ListTaskDefinitions$ = ListTaskDefinitions$;
    exports.ListTaskDefinitionsCommand = ListTaskDefinitionsCommand;
    exports.ListTaskDefinitionsRequest$ = ListTaskDefinitionsRequest$;
    exports.ListTaskDefinitionsResponse$ = ListTaskDefinitionsResponse$;
    exports.ListTasks$ = ListTasks$;
    exports.ListTasksCommand = ListTasksCommand;
    exports.ListTasksRequest$ = ListTasksRequest$;
    exports.ListTasksResponse$ = ListTasksResponse$;
    exports.LoadBalancer$ = LoadBalancer$;
    exports.LocalStorage = LocalStorage;
    exports.LocalStorageType = LocalStorageType;
    exports.LogConfiguration$ = LogConfiguration$;
    exports.LogDriver = LogDriver;
    exports.LogDriverVolumeConfiguration$ = LogDriverVolumeConfiguration$;
    exports.ManagedAgent$ = ManagedAgent$;
    exports.ManagedAgentName = ManagedAgentName;
    exports.ManagedAgentStateChange$ = ManagedAgentStateChange$;
    exports.ManagedApplicationAutoScalingPolicy$ = ManagedApplicationAutoScalingPolicy$;
    exports.ManagedAutoScaling$ = ManagedAutoScaling$;
    exports.ManagedCertificate$ = ManagedCertificate$;
    exports.ManagedDraining = ManagedDraining;
    exports.ManagedIngressPath$ = ManagedIngressPath$;
    exports.ManagedInstancesLocalStorageConfiguration$ = ManagedInstancesLocalStorageConfiguration$;
    exports.ManagedInstancesMonitoringOptions = ManagedInstancesMonitoringOptions;
    exports.ManagedInstancesNetworkConfiguration$ = ManagedInstancesNetworkConfiguration$;
    exports.ManagedInstancesProvider$ = ManagedInstancesProvider$;
    exports.ManagedInstancesStorageConfiguration$ = ManagedInstancesStorageConfiguration$;
    exports.ManagedListener$ = ManagedListener$;
    exports.ManagedListenerRule$ = ManagedListenerRule$;
    exports.ManagedLoadBalancer$ = ManagedLoadBalancer$;
    exports.ManagedLogGroup$ = ManagedLogGroup$;
    exports.ManagedMetricAlarm$ = ManagedMetricAlarm$;
    exports.ManagedResourceStatus = ManagedResourceStatus;
    exports.ManagedScalableTarget$ = ManagedScalableTarget$;
    exports.ManagedScaling$ = ManagedScaling$;
    exports.ManagedScalingStatus = ManagedScalingStatus;
    exports.ManagedSecurityGroup$ = ManagedSecurityGroup$;
    exports.ManagedStorageConfiguration$ = ManagedStorageConfiguration$;
    exports.ManagedTargetGroup$ = ManagedTargetGroup$;
    exports.ManagedTerminationProtection = ManagedTerminationProtection;
    exports.MemoryGiBPerVCpuRequest$ = MemoryGiBPerVCpuRequest$;
    exports.MemoryMiBRequest$ = MemoryMiBRequest$;
    exports.MetricConfiguration$ = MetricConfiguration$;
    exports.MissingVersionException = MissingVersionException;
    exports.MissingVersionException$ = MissingVersionException$;
    exports.MonitoringConfiguration$ = MonitoringConfiguration$;
    exports.MountPoint$ = MountPoint$;
    exports.NamespaceNotFoundException = NamespaceNotFoundException;
    exports.NamespaceNotFoundException$ = NamespaceNotFoundException$;
    exports.NetworkBandwidthGbpsRequest$ = NetworkBandwidthGbpsRequest$;
    exports.NetworkBinding$ = NetworkBinding$;
    exports.NetworkConfiguration$ = NetworkConfiguration$;
    exports.NetworkInterface$ = NetworkInterface$;
    exports.NetworkInterfaceCountRequest$ = NetworkInterfaceCountRequest$;
    exports.NetworkMode = NetworkMode;
    exports.NoUpdateAvailableException = NoUpdateAvailableException;
    exports.NoUpdateAvailableException$ = NoUpdateAvailableException$;
    exports.NvidiaMpsAllocation$ = NvidiaMpsAllocation$;
    exports.OSFamily = OSFamily;
    exports.PidMode = PidMode;
    exports.PlacementConstraint$ = PlacementConstraint$;
    exports.PlacementConstraintType = PlacementConstraintType;
    exports.PlacementStrategy$ = PlacementStrategy$;
    exports.PlacementStrategyType = PlacementStrategyType;
    exports.PlatformDevice$ = PlatformDevice$;
    exports.PlatformDeviceType = PlatformDeviceType;
    exports.PlatformTaskDefinitionIncompatibilityException = PlatformTaskDefinitionIncompatibilityException;
    exports.PlatformTaskDefinitionIncompatibilityException$ = PlatformTaskDefinitionIncompatibilityException$;
    exports.PlatformUnknownException = PlatformUnknownException;
    exports.PlatformUnknownException$ = PlatformUnknownException$;
    exports.PortMapping$ = PortMapping$;
    exports.PropagateGatewayTags = PropagateGatewayTags;
    exports.PropagateMITags = PropagateMITags;
    exports.PropagateTags = PropagateTags;
    exports.ProtectedTask$ = ProtectedTask$;
    exports.ProxyConfiguration$ = ProxyConfiguration$;
    exports.ProxyConfigurationType = ProxyConfigurationType;
    exports.PutAccountSetting$ = PutAccountSetting$;
    exports.PutAccountSettingCommand = PutAccountSettingCommand;
    exports.PutAccountSettingDefault$ = PutAccountSettingDefault$;
    exports.PutAccountSettingDefaultCommand = PutAccountSettingDefaultCommand;
    exports.PutAccountSettingDefaultRequest$ = PutAccountSettingDefaultRequest$;
    exports.PutAccountSettingDefaultResponse$ = PutAccountSettingDefaultResponse$;
    exports.PutAccountSettingRequest$ = PutAccountSettingRequest$;
    exports.PutAccountSettingResponse$ = PutAccountSettingResponse$;
    exports.PutAttributes$ = PutAttributes$;
    exports.PutAttributesCommand = PutAttributesCommand;
    exports.PutAttributesRequest$ = PutAttributesRequest$;
    exports.PutAttributesResponse$ = PutAttributesResponse$;
    exports.PutClusterCapacityProviders$ = PutClusterCapacityProviders$;
    exports.PutClusterCapacityProvidersCommand = PutClusterCapacityProvidersCommand;
    exports.PutClusterCapacityProvidersRequest$ = PutClusterCapacityProvidersRequest$;
    exports.PutClusterCapacityProvidersResponse$ = PutClusterCapacityProvidersResponse$;
    exports.RegisterContainerInstance$ = RegisterContainerInstance$;
    exports.RegisterContainerInstanceCommand = RegisterContainerInstanceCommand;
    exports.RegisterContainerInstanceRequest$ = RegisterContainerInstanceRequest$;
    exports.RegisterContainerInstanceResponse$ = RegisterContainerInstanceResponse$;
    exports.RegisterDaemonTaskDefinition$ = RegisterDaemonTaskDefinition$;
    exports.RegisterDaemonTaskDefinitionCommand = RegisterDaemonTaskDefinitionCommand;
    exports.RegisterDaemonTaskDefinitionRequest$ = RegisterDaemonTaskDefinitionRequest$;
    exports.RegisterDaemonTaskDefinitionResponse$ = RegisterDaemonTaskDefinitionResponse$;
    exports.RegisterTaskDefinition$ = RegisterTaskDefinition$;
    exports.RegisterTaskDefinitionCommand = RegisterTaskDefinitionCommand;
    exports.RegisterTaskDefinitionRequest$ = RegisterTaskDefinitionRequest$;
    exports.RegisterTaskDefinitionResponse$ = RegisterTaskDefinitionResponse$;
    exports.RepositoryCredentials$ = RepositoryCredentials$;
    exports.ResolvedConfiguration$ = ResolvedConfiguration$;
    exports.Resource$ = Resource$;
    exports.ResourceInUseException = ResourceInUseException;
    exports.ResourceInUseException$ = ResourceInUseException$;
    exports.ResourceManagementType = ResourceManagementType;
    exports.ResourceNotFoundException = ResourceNotFoundException;
    exports.ResourceNotFoundException$ = ResourceNotFoundException$;
    exports.ResourceRequirement$ = ResourceRequirement$;
    exports.ResourceType = ResourceType;
    exports.Rollback$ = Rollback$;
    exports.RunTask$ = RunTask$;
    exports.RunTaskCommand = RunTaskCommand;
    exports.RunTaskRequest$ = RunTaskRequest$;
    exports.RunTaskResponse$ = RunTaskResponse$;
    exports.RuntimePlatform$ = RuntimePlatform$;
    exports.RuntimePlatformOverride$ = RuntimePlatformOverride$;
    exports.S3FilesVolumeConfiguration$ = S3FilesVolumeConfiguration$;
    exports.Scale$ = Scale$;
    exports.ScaleUnit = ScaleUnit;
    exports.SchedulingStrategy = SchedulingStrategy;
    exports.Scope = Scope;
    exports.Secret$ = Secret$;
    exports.ServerException = ServerException2;
    exports.ServerException$ = ServerException$;
    exports.Service$ = Service$;
    exports.ServiceConnectAccessLogConfiguration$ = ServiceConnectAccessLogConfiguration$;
    exports.ServiceConnectAccessLoggingFormat = ServiceConnectAccessLoggingFormat;
    exports.ServiceConnectClientAlias$ = ServiceConnectClientAlias$;
    exports.ServiceConnectConfiguration$ = ServiceConnectConfiguration$;
    exports.ServiceConnectContainerConfiguration$ = ServiceConnectContainerConfiguration$;
    exports.ServiceConnectContainerLogLevel = ServiceConnectContainerLogLevel;
    exports.ServiceConnectIncludeQueryParameters = ServiceConnectIncludeQueryParameters;
    exports.ServiceConnectService$ = ServiceConnectService$;
    exports.ServiceConnectServiceResource$ = ServiceConnectServiceResource$;
    exports.ServiceConnectTestTrafficHeaderMatchRules$ = ServiceConnectTestTrafficHeaderMatchRules$;
    exports.ServiceConnectTestTrafficHeaderRules$ = ServiceConnectTestTrafficHeaderRules$;
    exports.ServiceConnectTestTrafficRules$ = ServiceConnectTestTrafficRules$;
    exports.ServiceConnectTlsCertificateAuthority$ = ServiceConnectTlsCertificateAuthority$;
    exports.ServiceConnectTlsConfiguration$ = ServiceConnectTlsConfiguration$;
    exports.ServiceCurrentRevisionSummary$ = ServiceCurrentRevisionSummary$;
    exports.ServiceDeployment$ = ServiceDeployment$;
    exports.ServiceDeploymentAlarms$ = ServiceDeploymentAlarms$;
    exports.ServiceDeploymentBrief$ = ServiceDeploymentBrief$;
    exports.ServiceDeploymentCircuitBreaker$ = ServiceDeploymentCircuitBreaker$;
    exports.ServiceDeploymentLifecycleStage = ServiceDeploymentLifecycleStage;
    exports.ServiceDeploymentNotFoundException = ServiceDeploymentNotFoundException;
    exports.ServiceDeploymentNotFoundException$ = ServiceDeploymentNotFoundException$;
    exports.ServiceDeploymentRollbackMonitorsStatus = ServiceDeploymentRollbackMonitorsStatus;
    exports.ServiceDeploymentStatus = ServiceDeploymentStatus;
    exports.ServiceEvent$ = ServiceEvent$;
    exports.ServiceField = ServiceField;
    exports.ServiceManagedEBSVolumeConfiguration$ = ServiceManagedEBSVolumeConfiguration$;
    exports.ServiceNotActiveException = ServiceNotActiveException2;
    exports.ServiceNotActiveException$ = ServiceNotActiveException$;
    exports.ServiceNotFoundException = ServiceNotFoundException2;
    exports.ServiceNotFoundException$ = ServiceNotFoundException$;
    exports.ServiceRegistry$ = ServiceRegistry$;
    exports.ServiceRevision$ = ServiceRevision$;
    exports.ServiceRevisionCleanup = ServiceRevisionCleanup;
    exports.ServiceRevisionLoadBalancer$ = ServiceRevisionLoadBalancer$;
    exports.ServiceRevisionOverrides$ = ServiceRevisionOverrides$;
    exports.ServiceRevisionSummary$ = ServiceRevisionSummary$;
    exports.ServiceRevisionVpcLatticeConfiguration$ = ServiceRevisionVpcLatticeConfiguration$;
    exports.ServiceVolumeConfiguration$ = ServiceVolumeConfiguration$;
    exports.Session$ = Session$;
    exports.Setting$ = Setting$;
    exports.SettingName = SettingName;
    exports.SettingType = SettingType;
    exports.SharingStrategy$ = SharingStrategy$;
    exports.SortOrder = SortOrder;
    exports.StabilityStatus = StabilityStatus;
    exports.StartTask$ = StartTask$;
    exports.StartTaskCommand = StartTaskCommand;
    exports.StartTaskRequest$ = StartTaskRequest$;
    exports.StartTaskResponse$ = StartTaskResponse$;
    exports.StopServiceDeployment$ = StopServiceDeployment$;
    exports.StopServiceDeploymentCommand = StopServiceDeploymentCommand;
    exports.StopServiceDeploymentRequest$ = StopServiceDeploymentRequest$;
    exports.StopServiceDeploymentResponse$ = StopServiceDeploymentResponse$;
    exports.StopServiceDeploymentStopType = StopServiceDeploymentStopType;
    exports.StopTask$ = StopTask$;
    exports.StopTaskCommand = StopTaskCommand2;
    exports.StopTaskRequest$ = StopTaskRequest$;
    exports.StopTaskResponse$ = StopTaskResponse$;
    exports.SubmitAttachmentStateChanges$ = SubmitAttachmentStateChanges$;
    exports.SubmitAttachmentStateChangesCommand = SubmitAttachmentStateChangesCommand;
    exports.SubmitAttachmentStateChangesRequest$ = SubmitAttachmentStateChangesRequest$;
    exports.SubmitAttachmentStateChangesResponse$ = SubmitAttachmentStateChangesResponse$;
    exports.SubmitContainerStateChange$ = SubmitContainerStateChange$;
    exports.SubmitContainerStateChangeCommand = SubmitContainerStateChangeCommand;
    exports.SubmitContainerStateChangeRequest$ = SubmitContainerStateChangeRequest$;
    exports.SubmitContainerStateChangeResponse$ = SubmitContainerStateChangeResponse$;
    exports.SubmitTaskStateChange$ = SubmitTaskStateChange$;
    exports.SubmitTaskStateChangeCommand = SubmitTaskStateChangeCommand;
    exports.SubmitTaskStateChangeRequest$ = SubmitTaskStateChangeRequest$;
    exports.SubmitTaskStateChangeResponse$ = SubmitTaskStateChangeResponse$;
    exports.SystemControl$ = SystemControl$;
    exports.Tag$ = Tag$;
    exports.TagResource$ = TagResource$;
    exports.TagResourceCommand = TagResourceCommand;
    exports.TagResourceRequest$ = TagResourceRequest$;
    exports.TagResourceResponse$ = TagResourceResponse$;
    exports.TargetNotConnectedException = TargetNotConnectedException;
    exports.TargetNotConnectedException$ = TargetNotConnectedException$;
    exports.TargetNotFoundException = TargetNotFoundException;
    exports.TargetNotFoundException$ = TargetNotFoundException$;
    exports.TargetType = TargetType;
    exports.Task$ = Task$;
    exports.TaskDefinition$ = TaskDefinition$;
    exports.TaskDefinitionFamilyStatus = TaskDefinitionFamilyStatus;
    exports.TaskDefinitionField = TaskDefinitionField;
    exports.TaskDefinitionPlacementConstraint$ = TaskDefinitionPlacementConstraint$;
    exports.TaskDefinitionPlacementConstraintType = TaskDefinitionPlacementConstraintType;
    exports.TaskDefinitionStatus = TaskDefinitionStatus;
    exports.TaskEphemeralStorage$ = TaskEphemeralStorage$;
    exports.TaskField = TaskField;
    exports.TaskFilesystemType = TaskFilesystemType;
    exports.TaskManagedEBSVolumeConfiguration$ = TaskManagedEBSVolumeConfiguration$;
    exports.TaskManagedEBSVolumeTerminationPolicy$ = TaskManagedEBSVolumeTerminationPolicy$;
    exports.TaskOverride$ = TaskOverride$;
    exports.TaskSet$ = TaskSet$;
    exports.TaskSetField = TaskSetField;
    exports.TaskSetNotFoundException = TaskSetNotFoundException;
    exports.TaskSetNotFoundException$ = TaskSetNotFoundException$;
    exports.TaskStopCode = TaskStopCode;
    exports.TaskVolumeConfiguration$ = TaskVolumeConfiguration$;
    exports.ThresholdConfiguration$ = ThresholdConfiguration$;
    exports.ThresholdType = ThresholdType;
    exports.TimeoutConfiguration$ = TimeoutConfiguration$;
    exports.Tmpfs$ = Tmpfs$;
    exports.TotalLocalStorageGBRequest$ = TotalLocalStorageGBRequest$;
    exports.TransportProtocol = TransportProtocol;
    exports.Ulimit$ = Ulimit$;
    exports.UlimitName = UlimitName;
    exports.UnsupportedFeatureException = UnsupportedFeatureException;
    exports.UnsupportedFeatureException$ = UnsupportedFeatureException$;
    exports.UntagResource$ = UntagResource$;
    exports.UntagResourceCommand = UntagResourceCommand;
    exports.UntagResourceRequest$ = UntagResourceRequest$;
    exports.UntagResourceResponse$ = UntagResourceResponse$;
    exports.UpdateCapacityProvider$ = UpdateCapacityProvider$;
    exports.UpdateCapacityProviderCommand = UpdateCapacityProviderCommand;
    exports.UpdateCapacityProviderRequest$ = UpdateCapacityProviderRequest$;
    exports.UpdateCapacityProviderResponse$ = UpdateCapacityProviderResponse$;
    exports.UpdateCluster$ = UpdateCluster$;
    exports.UpdateClusterCommand = UpdateClusterCommand;
    exports.UpdateClusterRequest$ = UpdateClusterRequest$;
    exports.UpdateClusterResponse$ = UpdateClusterResponse$;
    exports.UpdateClusterSettings$ = UpdateClusterSettings$;
    exports.UpdateClusterSettingsCommand = UpdateClusterSettingsCommand;
    exports.UpdateClusterSettingsRequest$ = UpdateClusterSettingsRequest$;
    exports.UpdateClusterSettingsResponse$ = UpdateClusterSettingsResponse$;
    exports.UpdateContainerAgent$ = UpdateContainerAgent$;
    exports.UpdateContainerAgentCommand = UpdateContainerAgentCommand;
    exports.UpdateContainerAgentRequest$ = UpdateContainerAgentRequest$;
    exports.UpdateContainerAgentResponse$ = UpdateContainerAgentResponse$;
    exports.UpdateContainerInstancesState$ = UpdateContainerInstancesState$;
    exports.UpdateContainerInstancesStateCommand = UpdateContainerInstancesStateCommand;
    exports.UpdateContainerInstancesStateRequest$ = UpdateContainerInstancesStateRequest$;
    exports.UpdateContainerInstancesStateResponse$ = UpdateContainerInstancesStateResponse$;
    exports.UpdateDaemon$ = UpdateDaemon$;
    exports.UpdateDaemonCommand = UpdateDaemonCommand;
    exports.UpdateDaemonRequest$ = UpdateDaemonRequest$;
    exports.UpdateDaemonResponse$ = UpdateDaemonResponse$;
    exports.UpdateExpressGatewayService$ = UpdateExpressGatewayService$;
    exports.UpdateExpressGatewayServiceCommand = UpdateExpressGatewayServiceCommand;
    exports.UpdateExpressGatewayServiceRequest$ = UpdateExpressGatewayServiceRequest$;
    exports.UpdateExpressGatewayServiceResponse$ = UpdateExpressGatewayServiceResponse$;
    exports.UpdateGateway$ = UpdateGateway$;
    exports.UpdateGatewayAlbConfiguration$ = UpdateGatewayAlbConfiguration$;
    exports.UpdateGatewayCommand = UpdateGatewayCommand;
    exports.UpdateGatewayConfiguration$ = UpdateGatewayConfiguration$;
    exports.UpdateGatewayNetworkConfiguration$ = UpdateGatewayNetworkConfiguration$;
    exports.UpdateGatewayRequest$ = UpdateGatewayRequest$;
    exports.UpdateGatewayResponse$ = UpdateGatewayResponse$;
    exports.UpdateInProgressException = UpdateInProgressException;
    exports.UpdateInProgressException$ = UpdateInProgressException$;
    exports.UpdateManagedInstancesProviderConfiguration$ = UpdateManagedInstancesProviderConfiguration$;
    exports.UpdateService$ = UpdateService$;
    exports.UpdateServiceCommand = UpdateServiceCommand2;
    exports.UpdateServicePrimaryTaskSet$ = UpdateServicePrimaryTaskSet$;
    exports.UpdateServicePrimaryTaskSetCommand = UpdateServicePrimaryTaskSetCommand;
    exports.UpdateServicePrimaryTaskSetRequest$ = UpdateServicePrimaryTaskSetRequest$;
    exports.UpdateServicePrimaryTaskSetResponse$ = UpdateServicePrimaryTaskSetResponse$;
    exports.UpdateServiceRequest$ = UpdateServiceRequest$;
    exports.UpdateServiceResponse$ = UpdateServiceResponse$;
    exports.UpdateTaskProtection$ = UpdateTaskProtection$;
    exports.UpdateTaskProtectionCommand = UpdateTaskProtectionCommand2;
    exports.UpdateTaskProtectionRequest$ = UpdateTaskProtectionRequest$;
    exports.UpdateTaskProtectionResponse$ = UpdateTaskProtectionResponse$;
    exports.UpdateTaskSet$ = UpdateTaskSet$;
    exports.UpdateTaskSetCommand = UpdateTaskSetCommand;
    exports.UpdateTaskSetRequest$ = UpdateTaskSetRequest$;
    exports.UpdateTaskSetResponse$ = UpdateTaskSetResponse$;
    exports.UpdatedExpressGatewayService$ = UpdatedExpressGatewayService$;
    exports.VCpuCountRangeRequest$ = VCpuCountRangeRequest$;
    exports.VersionConsistency = VersionConsistency;
    exports.VersionInfo$ = VersionInfo$;
    exports.Volume$ = Volume$;
    exports.VolumeFrom$ = VolumeFrom$;
    exports.VpcLatticeAdvancedConfiguration$ = VpcLatticeAdvancedConfiguration$;
    exports.VpcLatticeConfiguration$ = VpcLatticeConfiguration$;
    exports.errorTypeRegistries = errorTypeRegistries;
    exports.paginateListAccountSettings = paginateListAccountSettings;
    exports.paginateListAttributes = paginateListAttributes;
    exports.paginateListClusters = paginateListClusters;
    exports.paginateListContainerInstances = paginateListContainerInstances;
    exports.paginateListGatewayClusterAssociations = paginateListGatewayClusterAssociations;
    exports.paginateListGatewayRoutes = paginateListGatewayRoutes;
    exports.paginateListGateways = paginateListGateways;
    exports.paginateListServices = paginateListServices;
    exports.paginateListServicesByNamespace = paginateListServicesByNamespace;
    exports.paginateListTaskDefinitionFamilies = paginateListTaskDefinitionFamilies;
    exports.paginateListTaskDefinitions = paginateListTaskDefinitions;
    exports.paginateListTasks = paginateListTasks2;
    exports.waitForDaemonActive = waitForDaemonActive;
    exports.waitForDaemonDeploymentStopped = waitForDaemonDeploymentStopped;
    exports.waitForDaemonDeploymentSuccessful = waitForDaemonDeploymentSuccessful;
    exports.waitForDaemonTaskDefinitionActive = waitForDaemonTaskDefinitionActive;
    exports.waitForDaemonTaskDefinitionDeleted = waitForDaemonTaskDefinitionDeleted;
    exports.waitForServicesInactive = waitForServicesInactive;
    exports.waitForServicesStable = waitForServicesStable;
    exports.waitForTasksRunning = waitForTasksRunning;
    exports.waitForTasksStopped = waitForTasksStopped;
    exports.waitUntilDaemonActive = waitUntilDaemonActive;
    exports.waitUntilDaemonDeploymentStopped = waitUntilDaemonDeploymentStopped;
    exports.waitUntilDaemonDeploymentSuccessful = waitUntilDaemonDeploymentSuccessful;
    exports.waitUntilDaemonTaskDefinitionActive = waitUntilDaemonTaskDefinitionActive;
    exports.waitUntilDaemonTaskDefinitionDeleted = waitUntilDaemonTaskDefinitionDeleted;
    exports.waitUntilServicesInactive = waitUntilServicesInactive;
    exports.waitUntilServicesStable = waitUntilServicesStable;
    exports.waitUntilTasksRunning = waitUntilTasksRunning;
    exports.waitUntilTasksStopped = waitUntilTasksStopped;
  }
});

// src/providers/ecs/ecs-provider.ts
var import_client_ecs7 = __toESM(require_dist_cjs3(), 1);

// src/providers/ecs/doctor.ts
var import_client_ecs3 = __toESM(require_dist_cjs3(), 1);

// src/providers/ecs/ecs-errors.ts
var import_client_ecs = __toESM(require_dist_cjs3(), 1);
var THROTTLING_CODES = /* @__PURE__ */ new Set(["ThrottlingException", "Throttling", "TooManyRequestsException"]);
function ecsHttpStatus(error) {
  if (!(error instanceof import_client_ecs.ECSServiceException)) return void 0;
  return error.$metadata.httpStatusCode;
}
function isThrottling(error) {
  if (!(error instanceof import_client_ecs.ECSServiceException)) return false;
  return THROTTLING_CODES.has(error.name) || ecsHttpStatus(error) === 429 || error.$retryable?.throttling === true;
}
function isServerFault(error) {
  if (error instanceof import_client_ecs.ServerException) return true;
  if (!(error instanceof import_client_ecs.ECSServiceException)) return false;
  return error.$fault === "server" || (ecsHttpStatus(error) ?? 0) >= 500;
}
function isNetworkFailure(error) {
  if (error instanceof import_client_ecs.ECSServiceException) return false;
  const code = field(error, "code");
  if (typeof code === "string" && NETWORK_ERROR_CODES.has(code)) return true;
  return error instanceof Error && error.name === "TimeoutError";
}
function statusOf(error) {
  if (error instanceof import_client_ecs.AccessDeniedException) return 403;
  if (error instanceof import_client_ecs.ServiceNotFoundException || error instanceof import_client_ecs.ClusterNotFoundException) return 404;
  if (error instanceof import_client_ecs.ServiceNotActiveException) return 409;
  if (error instanceof import_client_ecs.InvalidParameterException) return 400;
  if (isThrottling(error)) return 429;
  return 502;
}
function codeOf(error) {
  if (error instanceof import_client_ecs.ECSServiceException) return error.name;
  const code = field(error, "code");
  if (typeof code === "string") return code;
  return error instanceof Error ? error.name : "error";
}
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
function toProviderError(what, error) {
  if (error instanceof ProviderError) return error;
  const retryable = isThrottling(error) || isServerFault(error) || isNetworkFailure(error);
  const hint = error instanceof import_client_ecs.AccessDeniedException ? " (the credentials lack an ECS permission; see docs/providers/ecs.md)" : "";
  return new ProviderError(`ecs: ${what} failed (${codeOf(error)}): ${messageOf(error)}${hint}`, {
    retryable,
    status: statusOf(error),
    cause: error
  });
}
async function ecsCall(what, call) {
  try {
    return await call();
  } catch (error) {
    throw toProviderError(what, error);
  }
}

// src/providers/ecs/service-lookup.ts
var import_client_ecs2 = __toESM(require_dist_cjs3(), 1);

// src/providers/ecs/batches.ts
function batches(items, size) {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
var ECS_LIMITS = {
  describeServices: 10,
  describeTasks: 100,
  getTaskProtection: 100,
  updateTaskProtection: 10,
  listTasksPage: 100,
  /** UpdateTaskProtection `expiresInMinutes`: 1 minute to 48 hours. */
  protectionMinutes: { min: 1, max: 2880 }
};

// src/providers/ecs/service-lookup.ts
function serviceShortName(nameOrArn) {
  return nameOrArn.slice(nameOrArn.lastIndexOf("/") + 1);
}
function names(configured2, arn, name) {
  return arn === configured2 || name !== void 0 && name === serviceShortName(configured2);
}
async function lookupServices(client, cluster, configs) {
  const out = [];
  for (const batch of batches(configs, ECS_LIMITS.describeServices)) {
    const answer = await ecsCall(
      `describing services ${batch.map((c) => c.name).join(", ")} in ${cluster}`,
      () => client.send(new import_client_ecs2.DescribeServicesCommand({ cluster, services: batch.map((c) => c.name) }))
    );
    for (const config of batch) {
      const service = answer.services?.find((s) => names(config.name, s.serviceArn, s.serviceName));
      const failure = answer.failures?.find((f) => names(config.name, f.arn, serviceShortName(f.arn ?? "")));
      out.push(lookupResult(config, cluster, service, failure));
    }
  }
  return out;
}
function lookupResult(config, cluster, service, failure) {
  const what = `ecs: service ${config.name} (cluster ${cluster})`;
  if (service === void 0) {
    if (failure?.reason === "MISSING") {
      return { config, problem: new ProviderError(`${what} does not exist (MISSING)`, { status: 404 }) };
    }
    const why = failure === void 0 ? "ECS did not describe it" : failureText(failure);
    return { config, problem: new ProviderError(`${what} could not be described: ${why}`) };
  }
  const status = service.status ?? "UNKNOWN";
  if (status !== "ACTIVE") {
    return { config, problem: new ProviderError(`${what} is ${status}, not ACTIVE`, { status: 409 }) };
  }
  return {
    config,
    service: {
      serviceName: service.serviceName ?? serviceShortName(config.name),
      status,
      desiredCount: service.desiredCount ?? 0,
      runningCount: service.runningCount ?? 0,
      pendingCount: service.pendingCount ?? 0
    }
  };
}
function failureText(failure) {
  const reason = failure.reason ?? "unknown failure";
  return failure.detail !== void 0 && failure.detail !== "" ? `${reason}: ${failure.detail}` : reason;
}
function activeService(lookup) {
  if ("problem" in lookup) throw lookup.problem;
  return lookup.service;
}

// src/providers/ecs/doctor.ts
var IAM_FIX = "allow ecs:DescribeClusters, ecs:DescribeServices, ecs:ListTasks, ecs:DescribeTasks, ecs:GetTaskProtection, ecs:UpdateService, ecs:UpdateTaskProtection and ecs:StopTask (docs/providers/ecs.md)";
function messageOf2(error) {
  return error instanceof Error ? error.message : String(error);
}
function isAccessDenied(error) {
  return error instanceof ProviderError && error.status === 403;
}
async function checkCluster(client, config) {
  const name = `ECS cluster ${config.cluster} is ACTIVE`;
  try {
    const answer = await ecsCall(
      `describing cluster ${config.cluster} in ${config.region}`,
      () => client.send(new import_client_ecs3.DescribeClustersCommand({ clusters: [config.cluster] }))
    );
    const cluster = answer.clusters?.[0];
    if (cluster === void 0) {
      const failure = answer.failures?.[0];
      const why = failure === void 0 ? "not described" : failureText(failure);
      return {
        name,
        ok: false,
        detail: `${config.cluster}: ${why}`,
        fix: "check provider.cluster and provider.region"
      };
    }
    const detail = `${cluster.clusterArn ?? config.cluster}: ${cluster.status ?? "UNKNOWN"}, ${cluster.activeServicesCount ?? 0} services, ${cluster.runningTasksCount ?? 0} running tasks`;
    if (cluster.status === "ACTIVE") return { name, ok: true, detail };
    return { name, ok: false, detail, fix: "use an ACTIVE cluster" };
  } catch (error) {
    const fix = isAccessDenied(error) ? IAM_FIX : "check provider.region, provider.endpoint and the AWS credentials";
    return { name, ok: false, detail: messageOf2(error), fix };
  }
}
async function checkServices(client, config) {
  let lookups;
  try {
    lookups = await lookupServices(client, config.cluster, config.services);
  } catch (error) {
    const fix = isAccessDenied(error) ? IAM_FIX : "check that the cluster exists and answers";
    return [{ name: "ECS services can be described", ok: false, detail: messageOf2(error), fix }];
  }
  return lookups.map((lookup) => {
    const name = `ECS service ${lookup.config.name} (class ${lookup.config.class}) is ACTIVE`;
    if ("problem" in lookup) {
      return {
        name,
        ok: false,
        detail: lookup.problem.message,
        fix: `create the service in ${config.cluster}, or fix provider.services`
      };
    }
    const s = lookup.service;
    return {
      name,
      ok: true,
      detail: `${s.serviceName}: desired ${s.desiredCount}, running ${s.runningCount}, pending ${s.pendingCount}`
    };
  });
}
async function ecsDoctor(client, config) {
  const cluster = await checkCluster(client, config);
  if (!cluster.ok) return [cluster];
  return [cluster, ...await checkServices(client, config)];
}

// src/providers/ecs/ecs-client.ts
var import_client_ecs4 = __toESM(require_dist_cjs3(), 1);
function createEcsClient(config) {
  return new import_client_ecs4.ECSClient({
    region: config.region,
    ...config.endpoint !== void 0 && { endpoint: config.endpoint },
    requestHandler: awsRequestHandler(config.requestTimeout)
  });
}

// src/providers/ecs/replica-state.ts
var AGENT_NAME_ENV = "TFC_AGENT_NAME";
function taskIdOf(arn) {
  return arn.slice(arn.lastIndexOf("/") + 1);
}
function replicaState(lastStatus, desiredStatus) {
  if (desiredStatus === "STOPPED") return "stopping";
  switch (lastStatus) {
    case "PROVISIONING":
    case "PENDING":
    case "ACTIVATING":
      return "starting";
    case "RUNNING":
      return "running";
    case "DEACTIVATING":
    case "STOPPING":
    case "DEPROVISIONING":
    case "STOPPED":
    case "DELETED":
      return "stopping";
    default:
      return "running";
  }
}
function eniAddress(task) {
  for (const attachment of task.attachments ?? []) {
    if (attachment.type !== "ElasticNetworkInterface") continue;
    const ip = attachment.details?.find((d) => d.name === "privateIPv4Address")?.value;
    if (ip !== void 0 && ip !== "") return ip;
  }
  return void 0;
}
function declaredAgentName(task) {
  for (const container of task.overrides?.containerOverrides ?? []) {
    const value = container.environment?.find((e) => e.name === AGENT_NAME_ENV)?.value;
    if (value !== void 0 && value !== "") return value;
  }
  return void 0;
}
function protectedUntil(protection, fallbackUntil) {
  if (protection?.protectionEnabled !== true) return void 0;
  return protection.expirationDate?.getTime() ?? fallbackUntil;
}
function toReplica(task, protection, now, fallbackUntil) {
  const ip = eniAddress(task);
  const agentName = declaredAgentName(task);
  const until = protectedUntil(protection, fallbackUntil);
  return {
    id: taskIdOf(task.taskArn),
    state: replicaState(task.lastStatus, task.desiredStatus),
    createdAt: (task.createdAt ?? task.startedAt)?.getTime() ?? now,
    ...ip !== void 0 && { ip },
    ...agentName !== void 0 && { agentName },
    ...until !== void 0 && { protectedUntil: until }
  };
}

// src/providers/ecs/service-tasks.ts
var import_client_ecs5 = __toESM(require_dist_cjs3(), 1);
async function listTaskArns(client, cluster, serviceName) {
  return ecsCall(`listing tasks of service ${serviceName} in ${cluster}`, async () => {
    const arns = [];
    const pages = (0, import_client_ecs5.paginateListTasks)(
      { client, pageSize: ECS_LIMITS.listTasksPage },
      { cluster, serviceName, desiredStatus: "RUNNING" }
    );
    for await (const page of pages) arns.push(...page.taskArns ?? []);
    return arns;
  });
}
async function describeTasks(client, cluster, arns) {
  const out = [];
  for (const batch of batches(arns, ECS_LIMITS.describeTasks)) {
    const answer = await ecsCall(
      `describing ${batch.length} tasks in ${cluster}`,
      () => client.send(new import_client_ecs5.DescribeTasksCommand({ cluster, tasks: batch }))
    );
    const failed = (answer.failures ?? []).filter((f) => f.reason !== "MISSING");
    if (failed.length > 0) {
      throw new ProviderError(`ecs: describing tasks in ${cluster} failed for ${describeFailures(failed)}`);
    }
    for (const task of answer.tasks ?? []) {
      if (task.taskArn !== void 0) out.push({ ...task, taskArn: task.taskArn });
    }
  }
  return out;
}
async function taskProtections(client, cluster, arns) {
  const byArn = /* @__PURE__ */ new Map();
  const failures = [];
  for (const batch of batches(arns, ECS_LIMITS.getTaskProtection)) {
    const answer = await ecsCall(
      `reading the protection of ${batch.length} tasks in ${cluster}`,
      () => client.send(new import_client_ecs5.GetTaskProtectionCommand({ cluster, tasks: batch }))
    );
    for (const p of answer.protectedTasks ?? []) if (p.taskArn !== void 0) byArn.set(p.taskArn, p);
    failures.push(...answer.failures ?? []);
  }
  return { byArn, failures };
}
function describeFailures(failures) {
  return failures.map((f) => `${f.arn ?? "?"} (${failureText(f)})`).join(", ");
}

// src/providers/ecs/service-replicas.ts
async function describeServiceReplicas(read, config, found) {
  const arns = await listTaskArns(read.client, read.cluster, found.serviceName);
  const tasks = await describeTasks(read.client, read.cluster, arns);
  const protections = await taskProtections(
    read.client,
    read.cluster,
    tasks.map((t) => t.taskArn)
  );
  if (protections.failures.length > 0) {
    read.logger.warn("ecs: could not read the protection of some tasks", {
      cluster: read.cluster,
      service: config.name,
      tasks: protections.failures.map((f) => ({ task: taskIdOf(f.arn ?? ""), reason: f.reason }))
    });
  }
  const fallbackUntil = read.now + read.protectionMs;
  const replicas = tasks.map((t) => toReplica(t, protections.byArn.get(t.taskArn), read.now, fallbackUntil));
  return {
    service: {
      name: config.name,
      capacityClass: config.class,
      desired: found.desiredCount,
      running: found.runningCount,
      pending: found.pendingCount,
      replicas
    },
    members: new Map(tasks.map((t) => [taskIdOf(t.taskArn), t.taskArn]))
  };
}
async function listMembers(client, cluster, serviceName) {
  const arns = await listTaskArns(client, cluster, serviceName);
  return new Map(arns.map((arn) => [taskIdOf(arn), arn]));
}

// src/providers/ecs/task-protection.ts
var import_client_ecs6 = __toESM(require_dist_cjs3(), 1);
function expiresInMinutes(protectionMs) {
  const { min, max } = ECS_LIMITS.protectionMinutes;
  return Math.min(max, Math.max(min, Math.ceil(protectionMs / 6e4)));
}
async function updateProtection(req) {
  const ids = [...new Set(req.ids)];
  const foreign = ids.filter((id) => !req.members.has(id)).map((id) => ({ id, reason: `not a task of service ${req.service}` }));
  const tasks = ids.flatMap((id) => {
    const arn = req.members.get(id);
    return arn === void 0 ? [] : [{ id, arn }];
  });
  const done = [];
  const failed = [...foreign];
  for (const batch of batches(tasks, ECS_LIMITS.updateTaskProtection)) {
    const outcome = await protectBatch(req, batch);
    done.push(...outcome.done);
    failed.push(...outcome.failed);
  }
  return { done, failed };
}
async function protectBatch(req, batch) {
  let answer;
  try {
    answer = await req.client.send(
      new import_client_ecs6.UpdateTaskProtectionCommand({
        cluster: req.cluster,
        tasks: batch.map((t) => t.arn),
        protectionEnabled: req.protect,
        ...req.protect && { expiresInMinutes: expiresInMinutes(req.protectionMs) }
      })
    );
  } catch (error) {
    const what = `${req.protect ? "protecting" : "unprotecting"} ${batch.length} tasks of ${req.service}`;
    const reason = toProviderError(what, error).message;
    return { done: [], failed: batch.map((t) => ({ id: t.id, reason })) };
  }
  const done = [];
  const failed = [];
  const sent = new Set(batch.map((t) => t.id));
  const answered = /* @__PURE__ */ new Set();
  for (const p of answer.protectedTasks ?? []) {
    const id = taskIdOf(p.taskArn ?? "");
    if (!sent.has(id)) continue;
    answered.add(id);
    if (p.protectionEnabled === req.protect) done.push(id);
    else failed.push({ id, reason: `ECS reports protection ${p.protectionEnabled ? "on" : "off"}` });
  }
  for (const f of answer.failures ?? []) {
    const id = taskIdOf(f.arn ?? "");
    if (!sent.has(id)) continue;
    answered.add(id);
    failed.push({ id, reason: failureText(f) });
  }
  for (const t of batch) {
    if (!answered.has(t.id)) failed.push({ id: t.id, reason: "ECS did not report on this task" });
  }
  return { done, failed };
}

// src/providers/ecs/ecs-provider.ts
function createEcsProvider(config, deps) {
  const ctx = {
    config,
    deps,
    client: createEcsClient(config),
    members: /* @__PURE__ */ new Map(),
    desired: /* @__PURE__ */ new Map()
  };
  return {
    type: "ecs",
    capacity: "replica",
    cluster: config.cluster,
    describe: () => describeAll(ctx),
    setDesired: (pool, service, n) => setDesired(ctx, pool, service, n),
    setProtection: (pool, service, ids, protect) => setProtection(ctx, pool, service, ids, protect),
    stopReplica: (pool, service, id) => stopReplica(ctx, pool, service, id),
    doctor: () => ecsDoctor(ctx.client, config)
  };
}
function configured(ctx, service) {
  const found = ctx.config.services.find((s) => s.name === service);
  if (found !== void 0) return found;
  const known = ctx.config.services.map((s) => s.name).join(", ");
  throw new ProviderError(
    `ecs: service ${service} is not configured for this pool (configured: ${known}); refusing to touch it`,
    { status: 404 }
  );
}
async function describeAll(ctx) {
  const { client, config } = ctx;
  const lookups = await lookupServices(client, config.cluster, config.services);
  const read = {
    client,
    cluster: config.cluster,
    logger: ctx.deps.logger,
    now: ctx.deps.clock(),
    protectionMs: config.protection
  };
  const described = await Promise.all(
    lookups.map((lookup) => describeServiceReplicas(read, lookup.config, activeService(lookup)))
  );
  for (const { service, members } of described) {
    ctx.members.set(service.name, members);
    ctx.desired.set(service.name, service.desired);
  }
  return described.map((d) => d.service);
}
async function setDesired(ctx, pool, service, desired) {
  const svc = configured(ctx, service);
  if (!Number.isInteger(desired) || desired < 0) {
    throw new ProviderError(`ecs: desired count for ${service} must be a whole number >= 0, got ${desired}`, {
      status: 400
    });
  }
  const { cluster } = ctx.config;
  await ecsCall(
    `setting the desired count of ${svc.name} in ${cluster} to ${desired}`,
    () => ctx.client.send(new import_client_ecs7.UpdateServiceCommand({ cluster, service: svc.name, desiredCount: desired }))
  );
  const from = ctx.desired.get(svc.name);
  ctx.desired.set(svc.name, desired);
  ctx.deps.logger.info("ecs: set desired count", {
    pool: pool.name,
    cluster,
    service: svc.name,
    ...from !== void 0 && { from },
    to: desired
  });
}
async function membersOf(ctx, svc) {
  const known = ctx.members.get(svc.name);
  if (known !== void 0) return known;
  const listed = await listMembers(ctx.client, ctx.config.cluster, serviceShortName(svc.name));
  ctx.members.set(svc.name, listed);
  return listed;
}
async function setProtection(ctx, pool, service, ids, protect) {
  const svc = configured(ctx, service);
  if (ids.length === 0) return { done: [], failed: [] };
  const result = await updateProtection({
    client: ctx.client,
    cluster: ctx.config.cluster,
    service: svc.name,
    members: await membersOf(ctx, svc),
    ids,
    protect,
    protectionMs: ctx.config.protection
  });
  const fields = { pool: pool.name, cluster: ctx.config.cluster, service: svc.name, protect };
  if (result.done.length > 0)
    ctx.deps.logger.info("ecs: task protection set", { ...fields, tasks: result.done });
  if (result.failed.length > 0) {
    ctx.deps.logger.warn("ecs: task protection not set for some tasks", { ...fields, failed: result.failed });
  }
  return result;
}
async function stopReplica(ctx, pool, service, id) {
  const svc = configured(ctx, service);
  const members = await membersOf(ctx, svc);
  const arn = members.get(id);
  if (arn === void 0) {
    throw new ProviderError(`ecs: refusing to stop ${id}: it is not a task of service ${svc.name}`, {
      status: 409
    });
  }
  const { cluster } = ctx.config;
  await ecsCall(
    `stopping task ${id} of ${svc.name}`,
    () => ctx.client.send(
      new import_client_ecs7.StopTaskCommand({
        cluster,
        task: arn,
        reason: `ci-scaler: stopped for replacement by pool ${pool.name}`
      })
    )
  );
  const rest = new Map(members);
  rest.delete(id);
  ctx.members.set(svc.name, rest);
  ctx.deps.logger.info("ecs: stopped task", { pool: pool.name, cluster, service: svc.name, task: id });
}

// src/providers/ecs/index.ts
var ecsProviderModule = {
  type: "ecs",
  create: (config, deps) => createEcsProvider(config, deps)
};
export {
  createEcsProvider,
  toProviderError as ecsProviderError,
  ecsProviderModule,
  expiresInMinutes
};
