import { type AuthUser, Role, satisfiesRoles } from '../authorization/index.js';

interface ArticleFacts {
  authorId: string;
  published: boolean;
}

const isAuthor = (article: ArticleFacts, caller?: AuthUser) => caller !== undefined && caller.id === article.authorId;
const holds = (caller: AuthUser | undefined, role: Role) => caller !== undefined && satisfiesRoles(caller.roles, [role]);

/** Ownership rules that roles alone cannot express. Drafts are invisible (404) to everyone but the author and editors. */
export const ArticlePolicy = {
  canSeeDrafts: (caller?: AuthUser) => holds(caller, Role.Editor),
  canView: (article: ArticleFacts, caller?: AuthUser) => article.published || isAuthor(article, caller) || holds(caller, Role.Editor),
  canEdit: (article: ArticleFacts, caller?: AuthUser) => isAuthor(article, caller) || holds(caller, Role.Editor),
  canDelete: (article: ArticleFacts, caller?: AuthUser) => isAuthor(article, caller) || holds(caller, Role.Admin),
};
