import { ApiProperty } from '@nestjs/swagger';
import type { Article } from '../entities/article.entity.js';

export class ArticleResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() published: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(article: Article): ArticleResponseDto {
    return {
      id: article.id,
      title: article.title,
      body: article.body,
      authorId: article.authorId,
      published: article.published,
      publishedAt: article.publishedAt ? article.publishedAt.toISOString() : null,
      createdAt: article.createdAt.toISOString(),
      updatedAt: article.updatedAt.toISOString(),
    };
  }
}
