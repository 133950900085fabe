import { describe, expect, it } from 'vitest';
import { EC2_SELECTION_LABELS } from '../../../../src/config/ec2-schema.js';
import { parseSelectionLabels } from '../../../../src/providers/ec2/labels.js';

const ALL = [...EC2_SELECTION_LABELS];

function problems(labels: string[], allowed = ALL): readonly string[] {
  const result = parseSelectionLabels(labels, allowed);
  if (result.ok) throw new Error(`expected problems for ${labels.join(', ')}`);
  return result.problems;
}

describe('parseSelectionLabels', () => {
  it('reads every selection label', () => {
    expect(
      parseSelectionLabels(
        ['self-hosted', 'cpu=4+16', 'ram=8', 'family=c7g+m7g', 'arch=arm64', 'spot=false', 'disk=100'],
        ALL,
      ),
    ).toEqual({
      ok: true,
      selection: {
        cpu: { min: 4, max: 16 },
        ramGiB: { min: 8, max: 8 },
        families: ['c7g', 'm7g'],
        arch: 'arm64',
        onDemand: true,
        diskGiB: 100,
      },
    });
  });

  it('ignores labels that are not selection labels, and no labels at all', () => {
    expect(parseSelectionLabels(['self-hosted', 'linux', 'team=infra', 'x64'], [])).toEqual({
      ok: true,
      selection: {},
    });
    expect(parseSelectionLabels(undefined, ALL)).toEqual({ ok: true, selection: {} });
  });

  it('matches names and values case-insensitively, as GitHub matches labels', () => {
    expect(parseSelectionLabels(['CPU=2', 'Arch=ARM64', 'Family=C7G'], ALL)).toEqual({
      ok: true,
      selection: { cpu: { min: 2, max: 2 }, arch: 'arm64', families: ['c7g'] },
    });
  });

  it('names the label and says what is wrong with each bad value', () => {
    expect(problems(['cpu=abc'])).toEqual([
      'label "cpu=abc": cpu must be a whole number of vCPUs or a range like 4+16',
    ]);
    expect(problems(['cpu=16+4'])).toEqual([
      'label "cpu=16+4": the range must go from low to high (4+16, not 16+4)',
    ]);
    expect(problems(['cpu=0'])[0]).toMatch(/^label "cpu=0": cpu must be a whole number/);
    expect(problems(['cpu=4+'])[0]).toMatch(/^label "cpu=4\+": cpu must be/);
    expect(problems(['ram=lots'])).toEqual([
      'label "ram=lots": ram must be a whole number of GiB or a range like 8+32',
    ]);
    expect(problems(['arch=sparc'])).toEqual(['label "arch=sparc": arch must be arm64 or amd64']);
    expect(problems(['spot=yes'])).toEqual([
      'label "spot=yes": spot can only be false (run on on-demand capacity)',
    ]);
    expect(problems(['disk=0'])[0]).toBe(
      'label "disk=0": disk must be a whole number of GiB from 1 to 16384',
    );
    expect(problems(['disk=16385'])[0]).toMatch(/^label "disk=16385"/);
    expect(problems(['disk=10+20'])[0]).toMatch(/^label "disk=10\+20"/);
    expect(problems(['family=c7g.large'])).toEqual([
      'label "family=c7g.large": family must be instance families joined by + (c7g+m7g), without sizes',
    ]);
    expect(problems(['family='])[0]).toMatch(/^label "family=": family must be/);
  });

  it('refuses a selection label the pool does not allow, naming the setting', () => {
    expect(problems(['cpu=4', 'ram=8'], ['ram'])).toEqual([
      'label "cpu=4": cpu= is not enabled for this pool (add cpu to provider.labelSelection)',
    ]);
  });

  it('refuses a selection label given twice, and reports every problem at once', () => {
    expect(problems(['cpu=4', 'cpu=8', 'arch=x86'])).toEqual([
      'label "cpu=8": cpu is given twice (cpu=4, cpu=8)',
      'label "arch=x86": arch must be arm64 or amd64',
    ]);
  });

  it('keeps each family once', () => {
    expect(parseSelectionLabels(['family=c7g+c7g+m7i-flex'], ALL)).toEqual({
      ok: true,
      selection: { families: ['c7g', 'm7i-flex'] },
    });
  });
});
