import type { AuthUser } from '../auth/auth-user.js';
import { satisfiesRoles } from '../auth/roles/role-hierarchy.js';
import { Role } from '../auth/roles/role.enum.js';

interface ArticleFacts {
  authorId: string;
  published: boolean;
}

const isAuthor = (article: ArticleFacts, caller?: AuthUser) => caller !== undefined && caller.id === article.authorId;
const holds = (caller: AuthUser | undefined, role: Role) => caller !== undefined && satisfiesRoles(caller.roles, [role]);

/** Ownership rules that roles alone cannot express. Drafts are invisible (404) to everyone but the author and editors. */
export const ArticlePolicy = {
  canSeeDrafts: (caller?: AuthUser) => holds(caller, Role.Editor),
  canView: (article: ArticleFacts, caller?: AuthUser) =>
    article.published || isAuthor(article, caller) || holds(caller, Role.Editor),
  canEdit: (article: ArticleFacts, caller?: AuthUser) => isAuthor(article, caller) || holds(caller, Role.Editor),
  canDelete: (article: ArticleFacts, caller?: AuthUser) => isAuthor(article, caller) || holds(caller, Role.Admin),
};
