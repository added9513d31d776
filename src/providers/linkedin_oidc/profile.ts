/**
 * `GET /v2/userinfo`: OpenID Connect claims (providers.md, LinkedIn profile example). `locale` (a string
 * in the docs, often `{country, language}` in practice) is not read; `picture` may be absent. LinkedIn
 * OIDC has no username and no profile URL.
 */
import { userinfoReader } from '../oidc-userinfo.js';
import { linkedinOidcManifest } from './manifest.js';

export const readLinkedInProfile = userinfoReader('/v2/userinfo', linkedinOidcManifest.displayName);
