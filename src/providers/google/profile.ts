/** `GET /oauth2/v3/userinfo`: the OpenID Connect claims of the account (providers.md, "Google"); Google gives no username or profile page. */
import { userinfoReader } from '../oidc-userinfo.js';
import { googleManifest } from './manifest.js';

export const readGoogleProfile = userinfoReader('/oauth2/v3/userinfo', googleManifest.displayName);
