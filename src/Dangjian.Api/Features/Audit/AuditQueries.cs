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

public static class AuditQueries
{
    public static void Add(ObjectGraphType query)
    {
        query.Field<AuditLogConnectionType>("auditLog")
            .Description("Every change ever committed, newest first: who did what to which document. Admins only.")
            .Argument<AuditEntryFilterInputType>("where", "Only entries matching all of these.")
            .Argument<IntGraphType>("first", "Return the first n entries (default 20, at most 100).")
            .Argument<StringGraphType>("after", "Return entries after this cursor (older ones).")
            .Argument<IntGraphType>("last", "Return the last n entries (at most 100): the oldest, or with before the ones just newer than it.")
            .Argument<StringGraphType>("before", "Return entries before this cursor (newer ones).")
            .ResolveAsync(async c =>
            {
                // Refused before anything else is looked at, as before the arguments were checked.
                if (c.Request().Reader.AuditLogRefusal is { } refused)
                    return c.Fail(refused);
                var conditions = ReadFilter(c.GetArgument<Dictionary<string, object?>?>("where"));
                if (!conditions.IsSuccess)
                    return c.Fail(conditions.Error!);
                var request = new PageRequest
                {
                    First = c.GetArgument<int?>("first"),
                    After = c.GetArgument<string?>("after"),
                    Last = c.GetArgument<int?>("last"),
                    Before = c.GetArgument<string?>("before"),
                    Connection = "Query.auditLog",
                };
                var page = await c.Request().Reader.PageAuditAsync(conditions.Value, request, c.CancellationToken);
                return page.IsSuccess ? page.Value : c.Fail(page.Error!);
            });
    }

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
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as `after` to read older entries, as `before` to read newer ones.").Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<AuditEntryGraphType>>("node").Description("The entry.").Resolve(c => c.Source.Node);
    }
}

public sealed class AuditLogConnectionType : ObjectGraphType<Page<AuditEntry>>
{
    public AuditLogConnectionType()
    {
        Name = "AuditLogConnection";
        Description = "A page of the audit log, newest first, in the Relay connection shape.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditLogEdgeType>>>>("edges").Description("The entries with their cursors.").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryGraphType>>>>("nodes").Description("The entries.").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Whether older (next) or newer (previous) entries lie beyond this page.").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("How many entries match the where in all, counted only when asked for: an exact count, whose cost grows with the entries matched (the whole log, with no where).")
            .ResolveAsync(async c => (object?)checked((int)await c.Source.CountAsync(c.CancellationToken)));
    }
}
