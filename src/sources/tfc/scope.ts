import type { TfcSourceConfig } from '../../config/source-schema.js';

/** The address without a trailing slash, so `https://tfe.example.com/` and `...com` are one scope. */
export function normalAddress(address: string): string {
  return address.replace(/\/+$/, '');
}

/** Pools whose sources share this key see the same runs and agents, and share one client. */
export function scopeKey(config: Pick<TfcSourceConfig, 'address' | 'organization' | 'agentPool'>): string {
  return `tfc:${normalAddress(config.address)}/${config.organization}/${config.agentPool}`;
}
