import { requireSession } from '../context.js';
import type { UserRecord } from '../tokens/clerk-api.js';
import type { GatewayBuilder } from './builder.js';

/** `User` and `Query.me`. */
export function addUserType(builder: GatewayBuilder) {
  const User = builder.objectRef<UserRecord>('User').implement({
    description: 'A user signed in with Clerk.',
    fields: (t) => ({
      id: t.exposeID('id', { description: "Clerk's user id (`user_…`)." }),
      username: t.exposeString('username', {
        nullable: true,
        description: 'The username, when the instance uses usernames.',
      }),
      firstName: t.exposeString('firstName', { nullable: true, description: 'First name.' }),
      lastName: t.exposeString('lastName', { nullable: true, description: 'Last name.' }),
      primaryEmailAddress: t.exposeString('primaryEmailAddress', {
        nullable: true,
        description: 'The primary email address.',
      }),
      imageUrl: t.exposeString('imageUrl', {
        nullable: true,
        description: 'The profile image Clerk serves for the user.',
      }),
    }),
  });

  builder.queryField('me', (t) =>
    t.field({
      type: User,
      nullable: true,
      description:
        'The signed-in user, from the Clerk session token in `Authorization: Bearer <token>` or the `__session` cookie. Without a valid session the request fails with `UNAUTHENTICATED` (HTTP 401).',
      resolve: (_root, _args, context, info) => {
        const { userId } = requireSession(context);
        // A user seen for the first time: their tokens come alongside (schema/token-prefetch.ts).
        return context.users.getUser(userId, context.deadline, () =>
          context.fetchTokensAhead(context.tokensFetchedAhead, userId, info, context.deadline),
        );
      },
    }),
  );
  return User;
}

export type UserRef = ReturnType<typeof addUserType>;
