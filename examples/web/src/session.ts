/**
 * Where the page's session token comes from: Clerk's frontend SDK when a publishable key is configured
 * (a real deployment), else the sandbox's demo session (`npm run dev`), which needs no sign-in.
 */

/** Gives a session token for the next request. */
export type SessionTokenSource = () => Promise<string>;

export async function connectSession(
  gatewayUrl: URL,
  signInMount: HTMLDivElement,
): Promise<SessionTokenSource> {
  const publishableKey = import.meta.env.VITE_CLERK_PUBLISHABLE_KEY as string | undefined;
  return publishableKey ? clerkSession(publishableKey, signInMount) : sandboxSession(gatewayUrl);
}

/** The sandbox's demo token: valid for the whole run of `npm run dev`, so it is fetched once. */
function sandboxSession(gatewayUrl: URL): SessionTokenSource {
  let token: Promise<string> | undefined;
  return () => {
    token ??= fetchSandboxToken(new URL('/sandbox/session', gatewayUrl));
    return token;
  };
}

async function fetchSandboxToken(sessionUrl: URL): Promise<string> {
  const response = await fetch(sessionUrl).catch(() => {
    throw new Error(`Could not reach the sandbox at ${sessionUrl.origin}: is \`npm run dev\` running?`);
  });
  if (!response.ok) {
    throw new Error(
      `The sandbox's demo session is not available (HTTP ${response.status}). Start the sandbox with \`npm run dev\`, or set VITE_CLERK_PUBLISHABLE_KEY for a real deployment.`,
    );
  }
  return ((await response.json()) as { token: string }).token;
}

/**
 * Clerk's SDK, imported only here so that the sandbox never loads it. Without a session it shows
 * Clerk's sign-in and waits until someone signs in.
 */
async function clerkSession(
  publishableKey: string,
  signInMount: HTMLDivElement,
): Promise<SessionTokenSource> {
  const { Clerk } = await import('@clerk/clerk-js');
  const clerk = new Clerk(publishableKey);
  await clerk.load();
  if (!clerk.session) {
    signInMount.hidden = false;
    clerk.mountSignIn(signInMount);
    let stopListening = () => {};
    await new Promise<void>((resolve) => {
      stopListening = clerk.addListener(({ session }) => {
        if (session) resolve();
      });
    });
    stopListening();
    clerk.unmountSignIn(signInMount);
    signInMount.hidden = true;
  }
  // Clerk's tokens live a minute; `getToken` answers from its cache and refreshes one about to expire.
  return async () => {
    const token = await clerk.session?.getToken();
    if (!token) throw new Error('Your session has ended: reload the page to sign in again.');
    return token;
  };
}
