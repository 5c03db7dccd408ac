import type { TOAuth2Auth } from '@apiplay/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TokenDetails } from './token-details';

const base: TOAuth2Auth = {
  type: 'oauth2',
  grantType: 'authorization_code',
  accessTokenUrl: 'https://idp.test/token',
  clientId: 'c',
  clientSecret: '',
  clientAuthentication: 'header',
  headerPrefix: 'Bearer',
};

const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '');

describe('TokenDetails', () => {
  it('shows type, expiry, refresh token and a JWT’s claims', () => {
    const jwt = `${b64({ alg: 'RS256' })}.${b64({ sub: 'ada', scope: 'api:read' })}.sig`;
    render(
      <TokenDetails
        auth={{ ...base, accessToken: jwt, refreshToken: 'rt', accessTokenExpiresAt: Date.now() + 60_000 }}
        storedIn="this request"
      />,
    );
    const box = screen.getByTestId('oauth2-token-details');
    expect(box.textContent).toContain('this request');
    expect(box.textContent).toMatch(/\(in (59|60) s\)/);
    expect(box.textContent).toContain('stored (used when the access token expires)');
    expect(box.textContent).toContain('"sub": "ada"');
  });

  it('says when the token expired and does not decode a variable reference', () => {
    render(
      <TokenDetails
        auth={{ ...base, accessToken: '{{token}}', accessTokenExpiresAt: Date.now() - 1000 }}
        storedIn="environment variable token"
      />,
    );
    const box = screen.getByTestId('oauth2-token-details');
    expect(box.textContent).toContain('expired');
    expect(box.textContent).toContain('Refresh tokennone');
    expect(box.textContent).not.toContain('Token claims');
  });

  it('says so when there is no token yet', () => {
    render(<TokenDetails auth={base} storedIn="this request" />);
    expect(screen.getByText('No access token yet.')).toBeTruthy();
  });
});
