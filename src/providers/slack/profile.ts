/**
 * `GET /openid.connect.userInfo`: the OpenID claims of the signed-in Slack user (providers.md, Slack
 * profile example). Slack has no handle in these claims and no profile URL; `name` is the user's name
 * as Slack shows it, and `email`/`name`/`picture` are absent without the `email`/`profile` scopes.
 */
import { userinfoReader } from '../oidc-userinfo.js';
import { slackManifest } from './manifest.js';

export const readSlackProfile = userinfoReader('/openid.connect.userInfo', slackManifest.displayName);
