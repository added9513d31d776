/** The query GraphiQL opens with in the sandbox (`npm run dev`). */

/** This week and the next, from the start of today (UTC): the sandbox's calendars fill it. */
const SANDBOX_WEEK = (() => {
  const today = new Date(new Date().toISOString().slice(0, 10));
  return {
    from: today.toISOString().replace('.000Z', 'Z'),
    to: new Date(today.getTime() + 14 * 24 * 60 * 60 * 1000).toISOString().replace('.000Z', 'Z'),
  };
})();

export const SANDBOX_QUERY = `# The demo user Ada has an account on every provider Clerk supports: two on GitHub (one with
# 137 repositories), a Notion workspace, Google, Microsoft, Slack, Spotify, … and a custom OIDC
# connection. Every provider with an API has data fields: googleDriveFiles, microsoftDriveItems,
# gitlabProjects, dropboxFiles, linearIssues, xPosts… (see the schema in the docs panel).
# At the end, repositories, files and calendarEvents merge every account's items into one list each.
# Press the run button (or Ctrl+Enter). Then try githubRepos(first: 5, after: "<endCursor>"),
# or { providers { displayName fields { name requiredScopes } } } for the catalogue.
query Sandbox {
  me {
    id
    username
    primaryEmailAddress
    connectedAccounts {
      id
      provider
      label
      username
      approvedScopes
      profile { name email url source }
      githubRepos(first: 5) {
        edges { node { fullName isPrivate language stargazerCount } }
        pageInfo { hasNextPage endCursor }
      }
      notionUsers(first: 10) {
        edges { node { name type email } }
        pageInfo { hasNextPage endCursor }
      }
      googleCalendarEvents(first: 5) {
        edges { node { title startsAt endsAt isAllDay location } }
        pageInfo { hasNextPage endCursor }
      }
      slackChannels(first: 5) {
        edges { node { name isPrivate memberCount topic } }
        pageInfo { hasNextPage endCursor }
      }
      spotifyPlaylists(first: 5) {
        edges { node { name trackCount isPublic } }
        pageInfo { hasNextPage endCursor }
      }
    }
    repositories(first: 5) {
      edges { node { fullName provider updatedAt } }
      pageInfo { hasNextPage endCursor }
    }
    files(first: 5) {
      edges { node { name isFolder modifiedAt provider } }
      pageInfo { hasNextPage endCursor }
    }
    calendarEvents(from: "${SANDBOX_WEEK.from}", to: "${SANDBOX_WEEK.to}", first: 5) {
      edges { node { title startsAt provider } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`;
