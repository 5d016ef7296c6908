"""Admin for sources, their aliases, domains and authors."""

from django.contrib import admin
from django.db.models import Count

from sources.models import Author, AuthorAlias, Source, SourceAlias, SourceDomain


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1


class SourceDomainInline(admin.TabularInline):
    model = SourceDomain
    extra = 1


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "grade", "parent", "article_count", "needs_review"]
    list_filter = ["kind", "grade", "needs_review", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "aliases__name", "domains__domain"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SourceAliasInline, SourceDomainInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles", distinct=True))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, source: Source) -> int:
        return source.article_count


class AuthorAliasInline(admin.TabularInline):
    model = AuthorAlias
    extra = 1


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "outlet_names", "needs_review"]
    list_filter = ["needs_review"]
    search_fields = ["name", "aliases__name"]
    autocomplete_fields = ["outlets"]
    inlines = [AuthorAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("outlets")

    @admin.display(description="outlets")
    def outlet_names(self, author: Author) -> str:
        return ", ".join(outlet.name for outlet in author.outlets.all())
