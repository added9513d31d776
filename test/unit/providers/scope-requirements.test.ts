import { describe, expect, it } from 'vitest';
import { scopeDetails, unmetRequirements } from '../../../src/providers/scope-requirements.js';

const DRIVE = ['drive.metadata.readonly', 'drive.readonly'];

describe('scope requirements', () => {
  it('meets an any-of requirement with any one of its scopes', () => {
    expect(unmetRequirements([DRIVE], ['drive.readonly'])).toEqual([]);
    expect(unmetRequirements([DRIVE], ['drive.metadata.readonly', 'email'])).toEqual([]);
    expect(unmetRequirements([DRIVE], ['drive.file'])).toEqual([DRIVE]);
  });

  it('needs every requirement of a field', () => {
    expect(unmetRequirements(['tweet.read', 'users.read'], ['tweet.read'])).toEqual(['users.read']);
    expect(unmetRequirements(['openid', DRIVE], ['openid', 'drive.readonly'])).toEqual([]);
  });

  it('asks for the least-privilege scope of each requirement and lists what else would do', () => {
    expect(scopeDetails(['openid', DRIVE], ['openid'])).toEqual({
      requiredScopes: ['openid', 'drive.metadata.readonly'],
      acceptedScopes: [['openid'], DRIVE],
      grantedScopes: ['openid'],
    });
  });

  it('lists a requirement without alternatives as its one scope', () => {
    expect(scopeDetails(['tweet.read', 'users.read'], [])).toEqual({
      requiredScopes: ['tweet.read', 'users.read'],
      acceptedScopes: [['tweet.read'], ['users.read']],
      grantedScopes: [],
    });
  });
});
