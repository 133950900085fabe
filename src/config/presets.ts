/**
 * The presets live in core, so the engine can apply a preset named by a runtime override
 * without loading the config schemas; config re-exports them for its own users.
 */
export { POLICY_NAMES, PRESETS, type PolicyName, type Preset } from '../core/presets.js';
