namespace Dangjian.Api.GraphQL;

/// <summary>
/// Limits and switches of the GraphQL endpoint ("Dangjian:GraphQL"). Every limit has a safe default; each refusal
/// is a GraphQL error with a stable code, issued before execution wherever it can be.
/// </summary>
public sealed class GraphQLOptions
{
    public const string Section = "Dangjian:GraphQL";

    /// <summary>
    /// Largest request body accepted (413 REQUEST_TOO_LARGE beyond). A story may have 100,000 characters, about
    /// 300 KB of UTF-8 Chinese, so the limit leaves room for one full-length story and no more.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 512 * 1024;

    /// <summary>Longest query text accepted (QUERY_TOO_LONG).</summary>
    public int MaxQueryLength { get; set; } = 20_000;

    /// <summary>Most operations in one batched request (BATCH_TOO_LARGE). Batches run one after the other.</summary>
    public int MaxBatchSize { get; set; } = 10;

    /// <summary>Largest response, in bytes of JSON (RESPONSE_TOO_LARGE beyond): a page of 100 full-length stories fits.</summary>
    public long MaxResponseBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Deepest field nesting, introspection aside (MAX_DEPTH).</summary>
    public int MaxDepth { get; set; } = 10;

    /// <summary>Highest estimated cost: every field counts 1, list fields count their page size (`first`/`last`, else 20) times their children (COMPLEXITY).</summary>
    public int MaxComplexity { get; set; } = 25_000;

    /// <summary>Most aliased fields in one operation (TOO_MANY_ALIASES): aliases are how one request asks for the same costly field many times.</summary>
    public int MaxAliases { get; set; } = 30;

    /// <summary>
    /// Most linked documents one filter through a relation may match (<c>stories(where: { submittingOrganization: { … } })</c>):
    /// their ids are read first and become an <c>in</c> on the link, so beyond this the filter is refused
    /// (RELATION_FILTER_TOO_BROAD) rather than read an unbounded list.
    /// </summary>
    public int MaxRelationFilterMatches { get; set; } = 1_000;

    /// <summary>Longest a request may execute (TIMEOUT).</summary>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many validated documents are kept so that a repeated operation skips parsing and the document-only rules
    /// (0 turns it off). Once full, further documents are validated on every request.
    /// </summary>
    public int ValidatedDocumentCacheSize { get; set; } = 1_000;

    /// <summary>Allow schema introspection, and serve the GraphiQL IDE. Unset: on in Development, off elsewhere.</summary>
    public bool? Introspection { get; set; }

    /// <summary>
    /// How many automatic persisted queries (Apollo's extensions.persistedQuery) are kept, least recently used giving
    /// way; 0 registers none.
    /// </summary>
    public int AutomaticPersistedQueryCacheSize { get; set; } = 1_000;

    /// <summary>Suggest field names ("Did you mean …") in errors. Unset: on in Development, off elsewhere.</summary>
    public bool? FieldSuggestions { get; set; }

    /// <summary>Accept only persisted operations (by documentId), not query text. For production deployments whose clients are known.</summary>
    public bool PersistedOperationsOnly { get; set; }

    /// <summary>Where the persisted operations (*.graphql) are; by default the operations shipped next to the executable.</summary>
    public string? PersistedOperationsDirectory { get; set; }

    /// <summary>
    /// Refuse a GET request (and any POST a browser form could send) unless it carries a header that forces a CORS
    /// preflight (GraphQL-Require-Preflight, Apollo-Require-Preflight or X-Apollo-Operation-Name): cross-site request forgery defence.
    /// </summary>
    public bool RequirePreflightHeader { get; set; } = true;

    public bool IntrospectionEnabled(IHostEnvironment environment) => Introspection ?? environment.IsDevelopment();

    public string OperationsDirectory => Path.GetFullPath(PersistedOperationsDirectory ?? Path.Combine(AppContext.BaseDirectory, "operations"));
}
