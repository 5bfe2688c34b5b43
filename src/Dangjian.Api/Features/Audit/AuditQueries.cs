using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Filtering;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Dangjian.Core.Storage;
using GraphQL;
using GraphQL.Types;

namespace Dangjian.Api.Features.Audit;

/// <summary>A page of the audit log, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<Edge<AuditEntry>> Edges, PageInfo PageInfo);

public static class AuditQueries
{
    public static void Add(ObjectGraphType query)
    {
        query.Field<AuditLogConnectionType>("auditLog")
            .Description("Every change ever committed, newest first: who did what to which document. Admins only.")
            .Argument<AuditEntryFilterInputType>("where", "Only entries matching all of these.")
            .Argument<IntGraphType>("first", "How many entries (default 20, at most 100).")
            .Argument<StringGraphType>("after", "Entries older than this cursor.")
            .ResolveAsync(async c =>
            {
                // Refused before anything else is looked at, as before the arguments were checked.
                if (c.Request().Reader.AuditLogRefusal is { } refused)
                    return c.Fail(refused);
                var paging = c.RequestServices!.GetRequiredService<PagingOptions>();
                var first = paging.CheckPageSize(c.GetArgument<int?>("first"), "first");
                if (!first.IsSuccess)
                    return c.Fail(first.Error!);
                long? before = null;
                if (c.GetArgument<string?>("after") is { } after)
                {
                    var decoded = CursorCodec.Decode(Connection, Order, after, 1, "after");
                    if (!decoded.IsSuccess)
                        return c.Fail(decoded.Error!);
                    if (!decoded.Value.TryInt64(0, out var sequence))
                        return c.Fail(CursorCodec.Invalid("after"));
                    before = sequence;
                }
                var query = ReadFilter(c.GetArgument<Dictionary<string, object?>?>("where"));
                if (!query.IsSuccess)
                    return c.Fail(query.Error!);
                var entries = await c.Request().Reader.QueryAuditAsync(query.Value with { BeforeSequence = before, Limit = first.Value + 1 }, c.CancellationToken);
                if (!entries.IsSuccess)
                    return c.Fail(entries.Error!);
                var edges = entries.Value.Take(first.Value).Select(e => new Edge<AuditEntry>(CursorCodec.Encode(Connection, Order, e.Sequence), e)).ToList();
                return new AuditPage(edges, new PageInfo(entries.Value.Count > first.Value, before is not null, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor));
            });
    }

    private const string Connection = "Query.auditLog";
    private const string Order = "sequence-";

    /// <summary>
    /// The lists' where shape (operation filter inputs); the log is read with one value per field and one time
    /// range, so those are the operations taken (eq; gt, gte, lt, lte on <c>at</c>), others are INVALID_FILTER.
    /// </summary>
    private static Result<AuditQuery> ReadFilter(Dictionary<string, object?>? raw)
    {
        var where = SimpleWhere.Of(raw);
        where.RefuseUnknown("actor", "action", "documentType", "documentId", "at");
        var kind = where.Equal<string>("documentType");
        var documentId = where.Id("documentId", null);
        if (documentId is not null && GlobalId.Decode(where.Equal<string>("documentId")).Value is var id)
            kind ??= id.TypeName;
        var (from, to) = where.Instants("at");
        var action = where.EqualValue<DocumentAction>("action");
        var actor = where.Equal<string>("actor");
        if (where.Error is { } bad)
            return bad;
        return new AuditQuery
        {
            Actor = actor,
            Action = action is { } a ? DocumentActions.Stored(a) : null,
            Kind = kind,
            DocumentId = documentId,
            From = from,
            To = to,
        };
    }
}

public sealed class AuditEntryFilterInputType : InputObjectGraphType
{
    public AuditEntryFilterInputType()
    {
        Name = "AuditEntryFilterInput";
        Description = "Conditions on audit entries, in the lists' filter shape; all given must hold. The log is read by one value per field (eq) and one time range (gt, gte, lt, lte on at); other operations are refused with INVALID_FILTER.";
        Field<StringOperationFilterInputType>("actor").Description("Who made the change (the token's subject), eq.");
        Field<EnumOperationFilterInputType<DocumentActionGraphType>>("action").Description("The kind of change, e.g. { eq: PUBLISH }.");
        Field<StringOperationFilterInputType>("documentType").Description("The document's type, e.g. { eq: \"Story\" }.");
        Field<IdOperationFilterInputType>("documentId").Description("One document's ID, eq.");
        Field<DateTimeOperationFilterInputType>("at").Description("When it was committed: gt, gte, lt, lte, eq.");
    }
}

public sealed class AuditEntryGraphType : ObjectGraphType<AuditEntry>
{
    public AuditEntryGraphType()
    {
        Name = "AuditEntry";
        Description = "One committed change.";
        Field<NonNullGraphType<DateTimeType>>("at").Description("When it was committed.").Resolve(c => c.Source.At);
        Field(e => e.Actor).Description("Who made it (the token's subject, or system).");
        Field(e => e.Role, nullable: true).Description("The role they acted in.");
        Field<NonNullGraphType<DocumentActionGraphType>>("action").Description("The kind of change, e.g. SUBMIT, UPDATE, APPROVE, PUBLISH, IMPORT.")
            .Resolve(c => DocumentActions.Parse(c.Source.Action));
        Field(e => e.Kind).Description("The document's type, e.g. Story.");
        Field<NonNullGraphType<IdGraphType>>("documentId").Description("The document's global ID.").Resolve(c => GlobalId.Encode(c.Source.Kind, c.Source.DocumentId));
        Field<NonNullGraphType<IntGraphType>>("version").Description("The version the change made.").Resolve(c => checked((int)c.Source.Version));
        Field(e => e.Note, nullable: true).Description("The note given with it.");
    }
}

public sealed class AuditLogEdgeType : ObjectGraphType<Edge<AuditEntry>>
{
    public AuditLogEdgeType()
    {
        Name = "AuditLogEdge";
        Description = "An audit entry with its cursor.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as `after` to read older entries.").Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<AuditEntryGraphType>>("node").Description("The entry.").Resolve(c => c.Source.Node);
    }
}

public sealed class AuditLogConnectionType : ObjectGraphType<AuditPage>
{
    public AuditLogConnectionType()
    {
        Name = "AuditLogConnection";
        Description = "A page of the audit log, newest first. (No totalCount: the log only grows, page through it.)";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditLogEdgeType>>>>("edges").Description("The entries with their cursors.").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryGraphType>>>>("nodes").Description("The entries.").Resolve(c => c.Source.Edges.Select(e => e.Node));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Whether older entries follow.").Resolve(c => c.Source.PageInfo);
    }
}
