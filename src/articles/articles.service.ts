import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import type { AuthUser } from '../authorization/index.js';
import { type Page } from '../common/index.js';
import { ArticlePolicy } from './article-policy.js';
import type { CreateArticleDto } from './dto/create-article.dto.js';
import type { UpdateArticleDto } from './dto/update-article.dto.js';
import { Article } from './entities/article.entity.js';
import { ArticleErrors } from './article.errors.js';

@Injectable()
export class ArticlesService {
  constructor(@InjectRepository(Article) private readonly articles: Repository<Article>) {}

  async list(page: number, limit: number, caller?: AuthUser): Promise<Page<Article>> {
    const [items, total] = await this.articles.findAndCount({
      where: ArticlePolicy.canSeeDrafts(caller) ? {} : { published: true },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    return { items, total, page, limit };
  }

  /** A draft the caller may not see answers 404, as if it did not exist. */
  async get(id: string, caller?: AuthUser): Promise<Article> {
    const article = await this.articles.findOne({ where: { id } });
    if (!article || !ArticlePolicy.canView(article, caller)) throw ArticleErrors.articleNotFound();
    return article;
  }

  async create(caller: AuthUser, dto: CreateArticleDto): Promise<Article> {
    const now = new Date();
    const article = this.articles.create({
      id: randomUUID(),
      title: dto.title,
      body: dto.body,
      authorId: caller.id,
      published: false,
      publishedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.articles.insert(article);
    return this.get(article.id, caller);
  }

  async update(id: string, caller: AuthUser, dto: UpdateArticleDto): Promise<Article> {
    const article = await this.get(id, caller);
    if (!ArticlePolicy.canEdit(article, caller)) throw ArticleErrors.articleForbidden();
    if (dto.title !== undefined) article.title = dto.title;
    if (dto.body !== undefined) article.body = dto.body;
    return this.articles.save(article);
  }

  async publish(id: string, caller: AuthUser): Promise<Article> {
    const article = await this.get(id, caller);
    if (!article.published) {
      article.published = true;
      article.publishedAt = new Date();
      await this.articles.save(article);
    }
    return article;
  }

  async remove(id: string, caller: AuthUser): Promise<void> {
    const article = await this.get(id, caller);
    if (!ArticlePolicy.canDelete(article, caller)) throw ArticleErrors.articleDeleteForbidden();
    await this.articles.delete({ id });
  }
}
