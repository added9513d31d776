/**
 * `GET /oauth/userinfo`: the OpenID Connect claims of the signed-in user (providers.md, Hugging Face
 * profile example). Profile claims come with the `profile` scope, `email` with the `email` scope.
 */
import { userinfoReader } from '../oidc-userinfo.js';
import { huggingfaceManifest } from './manifest.js';

export const readHuggingFaceProfile = userinfoReader('/oauth/userinfo', huggingfaceManifest.displayName);
