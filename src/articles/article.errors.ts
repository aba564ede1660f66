import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/index.js';

/** The failures of this module that the API promises to clients (stable codes; see docs/http-api.md). */
export const ArticleErrors = {
  articleNotFound: () => new DomainError('ARTICLE_NOT_FOUND', HttpStatus.NOT_FOUND, 'Article not found'),
  articleForbidden: () => new DomainError('ARTICLE_FORBIDDEN', HttpStatus.FORBIDDEN, 'Only the author or an editor may change this article'),
  // Deleting is narrower than editing (ArticlePolicy.canDelete): the message names the rule that applies.
  articleDeleteForbidden: () => new DomainError('ARTICLE_FORBIDDEN', HttpStatus.FORBIDDEN, 'Only the author or an admin may delete this article'),
};
