import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, OptionalAuth, Role, Roles } from '../authorization/index.js';
import { type Page, PageQueryDto } from '../common/index.js';
import { ApiPageResponse } from '../openapi/index.js';
import { ArticlesService } from './articles.service.js';
import { ArticleResponseDto } from './dto/article-response.dto.js';
import { CreateArticleDto } from './dto/create-article.dto.js';
import { UpdateArticleDto } from './dto/update-article.dto.js';

@ApiTags('articles')
@Controller('articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @OptionalAuth()
  @Get()
  @ApiOperation({
    summary: 'List articles',
    description: 'Published articles, newest first; editors and admins also see drafts. A token is optional (an invalid one counts as none).',
  })
  @ApiPageResponse(ArticleResponseDto, 'Published articles; editors and admins see drafts too')
  async list(@Query() query: PageQueryDto, @CurrentUser() caller?: AuthUser): Promise<Page<ArticleResponseDto>> {
    const page = await this.articles.list(query.page, query.limit, caller);
    return { ...page, items: page.items.map((a) => ArticleResponseDto.from(a)) };
  }

  @OptionalAuth()
  @Get(':id')
  @ApiOperation({
    summary: 'Get an article',
    description: 'One article. A draft answers 404 to anyone but its author, editors and admins.',
  })
  @ApiOkResponse({ type: ArticleResponseDto })
  @ApiNotFoundResponse({ description: 'Missing, or a draft the caller may not see' })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller?: AuthUser): Promise<ArticleResponseDto> {
    return ArticleResponseDto.from(await this.articles.get(id, caller));
  }

  @Roles(Role.User)
  @Post()
  @ApiOperation({
    summary: 'Write an article',
    description: 'Creates a draft owned by the caller.',
  })
  @ApiCreatedResponse({ type: ArticleResponseDto })
  async create(@CurrentUser() caller: AuthUser, @Body() dto: CreateArticleDto): Promise<ArticleResponseDto> {
    return ArticleResponseDto.from(await this.articles.create(caller, dto));
  }

  @Roles(Role.User)
  @Patch(':id')
  @ApiOperation({
    summary: 'Edit an article',
    description: 'Changes title or body; only the author or an editor (or admin) may (403 ARTICLE_FORBIDDEN).',
  })
  @ApiOkResponse({ type: ArticleResponseDto, description: 'Author or editor+ only' })
  async update(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser, @Body() dto: UpdateArticleDto): Promise<ArticleResponseDto> {
    return ArticleResponseDto.from(await this.articles.update(id, caller, dto));
  }

  @Roles(Role.Editor)
  @Post(':id/publish')
  @ApiOperation({
    summary: 'Publish an article',
    description: 'Makes a draft visible to everyone (editors and admins only).',
  })
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ArticleResponseDto })
  async publish(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser): Promise<ArticleResponseDto> {
    return ArticleResponseDto.from(await this.articles.publish(id, caller));
  }

  @Roles(Role.User)
  @Delete(':id')
  @ApiOperation({
    summary: 'Delete an article',
    description: 'Only the author or an admin may delete an article (403 ARTICLE_FORBIDDEN, also for editors).',
  })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Author or admin only' })
  async remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser): Promise<void> {
    await this.articles.remove(id, caller);
  }
}
