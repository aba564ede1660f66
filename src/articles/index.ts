export { ArticlesModule } from './articles.module.js';
export { Article } from './entities/article.entity.js';
export { ArticleErrors } from './article.errors.js';
