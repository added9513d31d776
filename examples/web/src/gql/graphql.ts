/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Whether a Notion user is a person or a bot (an integration). */
export type NotionUserType =
  /** An integration. */
  | 'BOT'
  /** A member of the workspace. */
  | 'PERSON';

/** A social connection provider supported by Clerk. */
export type Provider =
  /** Apple (Clerk key `oauth_apple`). */
  | 'APPLE'
  /** Atlassian (Clerk key `oauth_atlassian`). */
  | 'ATLASSIAN'
  /** Bitbucket (Clerk key `oauth_bitbucket`). */
  | 'BITBUCKET'
  /** Box (Clerk key `oauth_box`). */
  | 'BOX'
  /** Coinbase (Clerk key `oauth_coinbase`). */
  | 'COINBASE'
  /** A custom OIDC provider configured in Clerk (`oauth_custom_<key>`); `providerKey` tells which. */
  | 'CUSTOM'
  /** Discord (Clerk key `oauth_discord`). */
  | 'DISCORD'
  /** Dropbox (Clerk key `oauth_dropbox`). */
  | 'DROPBOX'
  /** Facebook (Clerk key `oauth_facebook`). */
  | 'FACEBOOK'
  /** GitHub (Clerk key `oauth_github`). */
  | 'GITHUB'
  /** GitLab (Clerk key `oauth_gitlab`). */
  | 'GITLAB'
  /** Google (Clerk key `oauth_google`). */
  | 'GOOGLE'
  /** HubSpot (Clerk key `oauth_hubspot`). */
  | 'HUBSPOT'
  /** Hugging Face (Clerk key `oauth_huggingface`). */
  | 'HUGGINGFACE'
  /** LINE (Clerk key `oauth_line`). */
  | 'LINE'
  /** Linear (Clerk key `oauth_linear`). */
  | 'LINEAR'
  /** LinkedIn (Clerk key `oauth_linkedin_oidc`). */
  | 'LINKEDIN_OIDC'
  /** Microsoft (Clerk key `oauth_microsoft`). */
  | 'MICROSOFT'
  /** Notion (Clerk key `oauth_notion`). */
  | 'NOTION'
  /** A provider this gateway does not know yet; `providerKey` carries Clerk's key. */
  | 'OTHER'
  /** Slack (Clerk key `oauth_slack`). */
  | 'SLACK'
  /** Spotify (Clerk key `oauth_spotify`). */
  | 'SPOTIFY'
  /** TikTok (Clerk key `oauth_tiktok`). */
  | 'TIKTOK'
  /** Twitch (Clerk key `oauth_twitch`). */
  | 'TWITCH'
  /** Vercel (Clerk key `oauth_vercel`). */
  | 'VERCEL'
  /** X (Clerk key `oauth_x`). */
  | 'X'
  /** Xero (Clerk key `oauth_xero`). */
  | 'XERO';

export type WebViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type WebViewerQuery = { providers: Array<{ provider: Provider, displayName: string }>, me: { id: string, firstName: string | null, lastName: string | null, username: string | null, primaryEmailAddress: string | null, imageUrl: string | null, connectedAccounts: Array<{ id: string, provider: Provider, providerKey: string, label: string | null, username: string | null, imageUrl: string | null, emailAddress: string | null }> } | null };

export type WebRepositoriesQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type WebRepositoriesQuery = { me: { repositories: { edges: Array<{ node:
          | { id: string, name: string, fullName: string, url: string, description: string | null, isPrivate: boolean, updatedAt: string, provider: Provider, accountId: string }
          | { id: string, name: string, fullName: string, url: string, description: string | null, isPrivate: boolean, updatedAt: string, provider: Provider, accountId: string }
          | { id: string, name: string, fullName: string, url: string, description: string | null, isPrivate: boolean, updatedAt: string, provider: Provider, accountId: string }
         }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null } | null };

export type WebNotionPeopleQueryVariables = Exact<{ [key: string]: never; }>;


export type WebNotionPeopleQuery = { me: { connectedAccounts: Array<{ id: string, label: string | null, username: string | null, notionUsers: { edges: Array<{ node: { id: string, name: string | null, avatarUrl: string | null, type: NotionUserType, email: string | null } }> } | null }> } | null };


export const WebViewerDocument = {"__meta__":{"operationName":"WebViewer","hash":"sha256:884d70b84682f05fd64ed0672e17a7e955368b6b40764c55a6c2bfb6f0d28d45"}} as unknown as DocumentNode<WebViewerQuery, WebViewerQueryVariables>;
export const WebRepositoriesDocument = {"__meta__":{"operationName":"WebRepositories","hash":"sha256:ee3d5bcb1c4e15e93d4da8e4d5edcf165beaf55d937c835cab2df8195e1b06e3"}} as unknown as DocumentNode<WebRepositoriesQuery, WebRepositoriesQueryVariables>;
export const WebNotionPeopleDocument = {"__meta__":{"operationName":"WebNotionPeople","hash":"sha256:82c8f91b09bd1295639cb7b306d6db297a1709f8d5cd7d92d8ff507daf303dab"}} as unknown as DocumentNode<WebNotionPeopleQuery, WebNotionPeopleQueryVariables>;