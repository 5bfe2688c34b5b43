using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Dangjian.Core.Search;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;

namespace Dangjian.Api.Features.Search;

public static class SearchQueries
{
    public const int DefaultRelated = 5;
    public const int MaxRelated = 20;

    public static void Add(ObjectGraphType query)
    {
        query.Field<SearchConnectionType>("search")
            .Description("Full-text search across directives, study materials, activity logs and stories, Chinese and other text alike. " +
                "Query syntax: words (Chinese is matched as written, any two or more characters), \"quoted phrases\" (matched exactly), " +
                "-word to exclude, and OR between two words for either. Nothing else is syntax.")
            .Argument<NonNullGraphType<StringGraphType>>("query", "What to search for, e.g. 火线党支部 or \"联防联控\" 网格员 -演练 or 防控 OR 防疫.")
            .Argument<SearchFilterInputType>("where", "Only documents matching these conditions.")
            .Argument<ListGraphType<NonNullGraphType<SearchSortInputType>>>("order", "The order of the results, in HotChocolate's sort shape with one element: [{ relevance: DESC }] (the default: best match, within the kind tiers a deployment configures, none by default), [{ score: DESC }] (best match across kinds, by score alone), [{ date: DESC }] newest or [{ date: ASC }] oldest first.")
            .Argument<IntGraphType>("first", "Return the first n results (default 20, at most 100).")
            .Argument<StringGraphType>("after", "Return results after this cursor.")
            .ResolveAsync(async context =>
            {
                var filter = ParseFilter(context.GetArgument<object?>("where"));
                if (!filter.IsSuccess)
                    return context.Fail(filter.Error!);
                var order = SearchSortInputType.Parse(context.GetArgument<object?>("order"));
                if (!order.IsSuccess)
                    return context.Fail(order.Error!);
                var service = context.RequestServices!.GetRequiredService<SearchService>();
                var request = context.Request();
                var results = service.Search(new SearchRequest
                {
                    Query = context.GetArgument<string>("query"),
                    Filter = filter.Value,
                    Order = order.Value,
                    First = context.GetArgument<int?>("first"),
                    After = context.GetArgument<string?>("after"),
                    WithFacets = context.SubFields?.ContainsKey("facets") == true,
                    WithHighlights = context.SubFields?.ContainsKey("edges") == true,
                    // The documents are loaded below anyway: highlight their text rather than read it again from the index.
                    HighlightLater = true,
                }, request.Caller, context.CancellationToken);
                if (!results.IsSuccess)
                    return context.Fail(results.Error!);
                var found = results.Value;
                var documents = await LoadAsync(request, found.Hits.Select(h => (h.Kind, h.Id)), context.CancellationToken);
                // A hit the store no longer shows this caller (changed in the last moment, not yet re-indexed) drops out.
                var edges = found.Hits.Where(h => documents.ContainsKey((h.Kind, h.Id)))
                    .Select(h => new SearchEdgeView(h, documents[(h.Kind, h.Id)], found.Highlighting)).ToList();
                var info = new PageInfo(found.HasNextPage, found.HasPreviousPage, found.Hits.FirstOrDefault()?.Cursor, found.Hits.LastOrDefault()?.Cursor);
                return new SearchPage(edges, info, found.TotalCount, found.Facets) { Expansions = found.Expansions, Suggestion = found.Suggestion };
            });
    }

    /// <summary>Adds `related(first:)` to a searchable document type: the most similar documents the caller may see.</summary>
    public static void AddRelatedField<T>(this ObjectGraphType<T> type) where T : Document
    {
        var kind = Kinds.Of<T>();
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchDocumentUnion>>>>("related")
            .Description($"The documents most similar to this one by their text (any kind, most similar first), never this one itself.")
            .Argument<IntGraphType>("first", $"How many (default {DefaultRelated}, at most {MaxRelated}).")
            // Checked before anything runs: failing in the resolver would null this non-null list and with it the parent.
            .ValidateArguments(context =>
            {
                if (RelatedPageSize(context.GetArgument<int?>("first")).Error is { } error)
                    throw new ValidationError(error.Message) { Code = error.Code };
            })
            .ResolveAsync(async context =>
            {
                var first = RelatedPageSize(context.GetArgument<int?>("first")).Value;
                var request = context.Request();
                var related = context.RequestServices!.GetRequiredService<SearchService>().Related(kind, context.Source.Id, request.Caller, first);
                var documents = await LoadAsync(request, related, context.CancellationToken);
                return related.Where(documents.ContainsKey).Select(k => documents[k]).ToList();
            });
    }

    /// <summary>related's page size, by the one page-size rule with its own smaller bound (no cursors: nothing beyond it to page to).</summary>
    private static Result<int> RelatedPageSize(int? first) => PagingOptions.CheckPageSize(first, "first", DefaultRelated, MaxRelated, paged: false);

    /// <summary>The documents behind hits, through the request's batch loaders: one store call per kind, visibility checked again.</summary>
    private static async Task<Dictionary<(DocumentKind, string), Document>> LoadAsync(RequestContext request,
        IEnumerable<(DocumentKind Kind, string Id)> keys, CancellationToken cancellationToken)
    {
        var loads = keys.GroupBy(k => k.Kind).Select(group => request.LoadMany(group.Key, group.Select(k => k.Id)).GetResultAsync(cancellationToken)).ToList();
        var documents = new Dictionary<(DocumentKind, string), Document>();
        foreach (var loaded in await Task.WhenAll(loads))
        {
            foreach (var document in loaded)
                documents[(Kinds.Of(document), document.Id)] = document;
        }
        return documents;
    }

    private static Result<SearchFilter> ParseFilter(object? where)
    {
        if (where is not IDictionary<string, object?> input)
            return SearchFilter.None;
        string? organization = null;
        if (input.TryGetValue("organizationId", out var raw) && raw is not null)
        {
            var id = GlobalId.Decode(raw as string, Kinds.Organization.TypeName);
            if (!id.IsSuccess)
                return id.Error!.WithPath("where", "organizationId");
            organization = id.Value.LocalId;
        }
        var date = input.TryGetValue("date", out var range) ? range as IDictionary<string, object?> : null;
        return new SearchFilter
        {
            Kinds = List<DocumentKind>(input, "kinds"),
            OrganizationId = organization,
            From = date?.TryGetValue("from", out var from) == true ? from as DateOnly? : null,
            To = date?.TryGetValue("to", out var to) == true ? to as DateOnly? : null,
            Tags = List<string>(input, "tags"),
            StoryStatuses = List<StoryStatus>(input, "storyStatus"),
        };
    }

    private static IReadOnlyList<T>? List<T>(IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var value) && value is IEnumerable<object?> items ? items.OfType<T>().ToList() : null;
}
