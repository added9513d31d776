/**
 * The page's GraphQL operations. Codegen turns each into a typed document that carries only its hash;
 * the text below reaches the gateway through `persisted-documents.json`, never over the wire.
 */
import { graphql } from './gql';

/** Who is signed in, their accounts, and the providers' display names for the account cards. */
export const ViewerQuery = graphql(`
  query WebViewer {
    providers {
      provider
      displayName
    }
    me {
      id
      firstName
      lastName
      username
      primaryEmailAddress
      imageUrl
      connectedAccounts {
        id
        provider
        providerKey
        label
        username
        imageUrl
        emailAddress
      }
    }
  }
`);

/** One page of the repositories of every account, merged and most recently updated first. */
export const RepositoriesQuery = graphql(`
  query WebRepositories($after: String) {
    me {
      repositories(first: 8, after: $after) {
        edges {
          node {
            id
            name
            fullName
            url
            description
            isPrivate
            updatedAt
            provider
            accountId
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** The people (and bots) of each connected Notion workspace. */
export const NotionPeopleQuery = graphql(`
  query WebNotionPeople {
    me {
      connectedAccounts(provider: NOTION) {
        id
        label
        username
        notionUsers(first: 20) {
          edges {
            node {
              id
              name
              avatarUrl
              type
              email
            }
          }
        }
      }
    }
  }
`);
