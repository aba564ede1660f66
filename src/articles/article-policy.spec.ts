import { type AuthUser, Role } from '../authorization/index.js';
import { ArticlePolicy } from './article-policy.js';

const caller = (id: string, role: Role): AuthUser => ({ id, roles: [role], sid: 's', jti: 'j', exp: 0 });
const author = caller('author', Role.User);
const stranger = caller('stranger', Role.User);
const editor = caller('editor', Role.Editor);
const admin = caller('admin', Role.Admin);
const draft = { authorId: 'author', published: false };
const published = { authorId: 'author', published: true };

describe('ArticlePolicy', () => {
  it('shows drafts only to their author and to editors and admins', () => {
    expect(ArticlePolicy.canView(draft, author)).toBe(true);
    expect(ArticlePolicy.canView(draft, editor)).toBe(true);
    expect(ArticlePolicy.canView(draft, admin)).toBe(true);
    expect(ArticlePolicy.canView(draft, stranger)).toBe(false);
    expect(ArticlePolicy.canView(draft, undefined)).toBe(false);
    expect(ArticlePolicy.canView(published, undefined)).toBe(true);
  });

  it('lets the author and editors+ edit, nobody else', () => {
    expect(ArticlePolicy.canEdit(published, author)).toBe(true);
    expect(ArticlePolicy.canEdit(published, editor)).toBe(true);
    expect(ArticlePolicy.canEdit(published, admin)).toBe(true);
    expect(ArticlePolicy.canEdit(published, stranger)).toBe(false);
  });

  it('lets the author and admins delete, not editors', () => {
    expect(ArticlePolicy.canDelete(published, author)).toBe(true);
    expect(ArticlePolicy.canDelete(published, admin)).toBe(true);
    expect(ArticlePolicy.canDelete(published, editor)).toBe(false);
    expect(ArticlePolicy.canDelete(published, stranger)).toBe(false);
  });
});
