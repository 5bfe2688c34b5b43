using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Hardening;

/// <summary>
/// Visibility proved by difference rather than by enumeration: one generated archive is loaded whole into one store
/// (hidden documents of every kind and status, review notes, a draft import with a new issuer, links from visible to
/// hidden documents) and, in other stores, only as an anonymous reader or one branch may see it. Every request of a
/// corpus generated from the schema itself (every query field and every object field reachable without secrets, every
/// filter field and operator, every order, both cursor directions, node and nodes for every id, search with scores,
/// facets, highlights and related, statistics, timeline, coverage and citations), plus /d/{id} as JSON and HTML and
/// /export/search in both formats, must answer the same from the whole archive as from the caller's part of it.
/// Ids and times are the same in every store (fixed ids, one fixed clock), so answers are compared byte for byte
/// after dropping only the request id; a field added to the schema joins the corpus the day it is added.
/// </summary>
public sealed class DifferentialVisibilityTests(DifferentialStores stores) : IClassFixture<DifferentialStores>
{
    private const int AliasesPerRequest = 10;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;


    private static string TokenFor(ApiHost host, Role role, string? organizationId = null) => DifferentialStores.TokenFor(host, role, organizationId);

    [Fact]
    public async Task Anonymous_callers_get_the_same_answers_from_the_whole_archive_as_from_what_they_may_see()
    {
        var corpus = await CorpusAsync(Audience.Anonymous);
        await CompareAsync(corpus, stores.Anonymous, token: null, whole: null);
    }

    [Fact]
    public async Task A_branch_gets_the_same_answers_from_the_whole_archive_as_from_what_it_may_see()
    {
        var corpus = await CorpusAsync(Audience.Branch);
        await CompareAsync(corpus, stores.Branch,
            token: TokenFor(stores.Branch, Role.Branch, DifferentialData.BranchId),
            whole: TokenFor(stores.Everything, Role.Branch, DifferentialData.BranchId));
    }

    [Fact]
    public async Task The_whole_archive_really_holds_more_than_a_reader_sees()
    {
        const string Counts = "{ stories { totalCount } directives { totalCount } studyMaterials { totalCount } organizations { totalCount } }";
        var editorView = (await stores.Everything.QueryAsync(Counts, token: TokenFor(stores.Everything, Role.Editor))).Ok().GetRawText();
        var readerView = (await stores.Anonymous.QueryAsync(Counts, token: TokenFor(stores.Anonymous, Role.Editor))).Ok().GetRawText();
        Assert.NotEqual(readerView, editorView);
        Assert.True(stores.AllIds.Count > stores.VisibleIds[Audience.Anonymous].Count + 20);
    }

    [Fact]
    public async Task The_corpus_filters_through_every_relation_and_a_relation_inside_one()
    {
        var queries = (await CorpusAsync(Audience.Anonymous)).Select(p => p.Query).OfType<string>().ToList();
        foreach (var kind in Kinds.All)
        {
            foreach (var link in kind.Relations)
            {
                var shape = link.IsList ? $"{{ {link.PublicName}: {{ some: {{ " : $"{{ {link.PublicName}: {{ ";
                Assert.True(queries.Any(q => q.Contains(shape, StringComparison.Ordinal)), $"no probe filters {kind} through {shape}");
            }
        }
        Assert.Contains(queries, q => q.Contains("{ submittingOrganization: { parent: { name: ", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("{ activityLogs: { none: { studyMaterials: { all: { status: ", StringComparison.Ordinal));
    }

    /// <summary>Runs every request against the caller's store and the whole archive; fails with every difference found.</summary>
    private async Task CompareAsync(IReadOnlyList<Probe> corpus, ApiHost part, string? token, string? whole)
    {
        var differences = new List<string>();
        var errorsThatMakeProbesUseless = new List<string>();
        foreach (var probe in corpus)
        {
            var expected = await probe.RunAsync(part, token);
            var actual = await probe.RunAsync(stores.Everything, whole ?? token);
            if (expected != actual)
                differences.Add($"{probe.Name}\n  request: {probe.Describe()}\n  caller's part: {Clip(expected)}\n  whole archive: {Clip(actual)}");
            if (probe.Query is not null && Refusal(expected) is { } refusal)
                errorsThatMakeProbesUseless.Add($"{probe.Name}: {refusal} {Clip(expected)}\n  request: {probe.Describe()}");
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{corpus.Count} requests, {differences.Count} answered differently");
        Assert.True(differences.Count == 0, $"{differences.Count} of {corpus.Count} requests answered differently:\n" + string.Join("\n", differences.Take(8)));
        Assert.True(errorsThatMakeProbesUseless.Count == 0, string.Join("\n", errorsThatMakeProbesUseless.Take(5)));
        Assert.True(corpus.Count > 300, $"only {corpus.Count} requests");
    }

    /// <summary>
    /// Why an answer compares nothing: the request was refused before it ran (an error without a path: validation, a
    /// limit), or something failed unexpectedly. Both stores would answer it alike whatever they hold.
    /// </summary>
    private static string? Refusal(string answer)
    {
        foreach (var part in answer.Split('\n'))
        {
            var json = part.IndexOf('{', StringComparison.Ordinal) is var start and >= 0 ? JsonNode.Parse(part[start..]) : null;
            foreach (var error in (IEnumerable<JsonNode?>?)json?["errors"]?.AsArray() ?? [])
            {
                var code = error?["extensions"]?["code"]?.GetValue<string>();
                if (error?["path"] is null || code is "INTERNAL_SERVER_ERROR" or "RESPONSE_TOO_LARGE" or "TIMEOUT")
                    return code ?? "no code";
            }
        }
        return null;
    }

    private static string Clip(string text) => text.Length > 1500 ? text[..1500] + "…" : text;

    // ---- The corpus ----

    private async Task<IReadOnlyList<Probe>> CorpusAsync(Audience audience)
    {
        var schema = await SchemaModel.LoadAsync(stores.Everything);
        var visible = stores.VisibleIds[audience];
        // Ids to probe with: every hidden one, and a few visible ones of each type.
        var probeIds = stores.AllIds.Where(id => !visible.Contains(id))
            .Concat(visible.GroupBy(v => v.TypeName).SelectMany(g => g.OrderBy(v => v.Id, StringComparer.Ordinal).Take(2)))
            .Distinct().ToList();
        var values = new ValueCatalogue(schema, probeIds);
        var builder = new SelectionBuilder(schema);
        var probes = new List<Probe>();
        var aliased = new List<(string Field, string Text)>();

        foreach (var root in schema.Type(schema.QueryType).Fields)
        {
            var type = schema.Type(root.Type.Name);
            if (root.Name is "node" or "nodes")
                continue;
            var required = root.Args.Where(a => a.Type.NonNull && a.DefaultValue is null).ToList();
            var fixedArgs = required.Count == 0 ? [new Dictionary<string, string>()] : values.RequiredArgs(root, required);
            foreach (var args in fixedArgs)
            {
                var isConnection = type.Name.EndsWith("Connection", StringComparison.Ordinal);
                var argText = string.Join(", ", args.Select(a => $"{a.Key}: {a.Value}"));
                var deep = builder.Select(type.Name, depth: 3);
                // The whole shape, page by page.
                probes.Add(Probe.Paged($"{root.Name}({argText}) deep", root.Name, PagedArgs(root, argText, first: 3), deep));
                if (root.Args.Any(a => a.Name == "last"))
                    probes.Add(Probe.Graph($"{root.Name}({argText}) last", $"{{ x: {root.Name}({Join(argText, "last: 2")}) {deep} }}"));
                // Every order.
                foreach (var order in values.Orders(root))
                    probes.Add(Probe.Paged($"{root.Name} order {order}", root.Name, PagedArgs(root, Join(argText, $"order: {order}"), first: 4), builder.Select(type.Name, depth: 1)));
                foreach (var order in values.EnumArgValues(root, "order"))
                    probes.Add(Probe.Paged($"{root.Name} order {order}", root.Name, PagedArgs(root, Join(argText, $"order: {order}"), first: 3), builder.Select(type.Name, depth: 2)));
                // Every filter field, operator and value.
                foreach (var where in values.Wheres(root))
                    aliased.Add((root.Name, $"{root.Name}({Join(Join(argText, isConnection ? "first: 20" : ""), $"where: {where}")}) {builder.Select(type.Name, depth: isConnection ? 0 : 1)}"));
            }
        }
        // node and nodes for every id there is, visible or not.
        foreach (var (typeName, id) in stores.AllIds)
            aliased.Add(("node", $"node(id: \"{GlobalId.Encode(typeName, id)}\") {builder.Select(schema.Type("Query").Fields.Single(f => f.Name == "node").Type.Name, depth: 2)}"));
        foreach (var chunk in stores.AllIds.Chunk(50))
            probes.Add(Probe.Graph("nodes", $"{{ nodes(ids: [{string.Join(", ", chunk.Select(i => $"\"{GlobalId.Encode(i.TypeName, i.Id)}\""))}]) {builder.Select("Node", depth: 1)} }}"));
        foreach (var group in aliased.GroupBy(a => a.Field))
        {
            foreach (var chunk in group.Chunk(AliasesPerRequest))
                probes.Add(Probe.Graph($"{group.Key} ×{chunk.Length}", "{ " + string.Join("\n", chunk.Select((a, i) => $"a{i}: {a.Text}")) + " }"));
        }

        // The other transports: permalinks (JSON and the page) for every id, and the search export.
        foreach (var (typeName, id) in stores.AllIds)
        {
            var path = "/d/" + Uri.EscapeDataString(GlobalId.Encode(typeName, id));
            probes.Add(Probe.Get(path, "application/json"));
            probes.Add(Probe.Get(path, "text/html"));
        }
        foreach (var word in DifferentialData.SearchWords)
        {
            foreach (var order in new[] { "relevance", "newest", "oldest" })
            {
                foreach (var format in new[] { "jsonl", "csv" })
                    probes.Add(Probe.Get($"/export/search?query={Uri.EscapeDataString(word)}&format={format}&order={order}", "*/*"));
            }
            foreach (var organization in probeIds.Where(i => i.TypeName == "Organization"))
                probes.Add(Probe.Get($"/export/search?query={Uri.EscapeDataString(word)}&format=jsonl&organizationId={Uri.EscapeDataString(GlobalId.Encode("Organization", organization.Id))}", "*/*"));
        }
        return probes;
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + ", " + b;

    private static string PagedArgs(SchemaModel.Field root, string args, int first)
    {
        var names = root.Args.Select(a => a.Name).ToHashSet();
        var paging = names.Contains("first") ? $"first: {first}" : "";
        return Join(Join(args, paging), names.Contains("after") ? "after: $after" : "");
    }

    /// <summary>One request: a GraphQL operation (followed to its next page when it pages) or a GET.</summary>
    private sealed record Probe(string Name, string? Query, string? Field, string? Path, string? Accept)
    {
        public static Probe Graph(string name, string query) => new(name, query, null, null, null);

        public static Probe Paged(string name, string field, string args, string selection) => args.Contains("$after", StringComparison.Ordinal)
            ? new(name, $"query($after: String) {{ x: {field}({args}) {selection} }}", field, null, null)
            : Graph(name, $"{{ x: {field}{(args.Length == 0 ? "" : $"({args})")} {selection} }}");

        public static Probe Get(string path, string accept) => new(path + " " + accept, null, null, path, accept);

        public string Describe() => Query ?? Path!;

        public async Task<string> RunAsync(ApiHost host, string? token)
        {
            if (Path is not null)
                return await GetAsync(host, token);
            var response = await host.QueryAsync(Query!, Field is null ? null : new { after = (string?)null }, token);
            var first = Normalise(response);
            if (Field is null || !Query!.Contains("$after", StringComparison.Ordinal))
                return first;
            // The next page, from this store's own cursor: cursors must be the same and lead to the same page.
            var pageInfo = JsonNode.Parse(response.Body)?["data"]?["x"]?["pageInfo"];
            var cursor = pageInfo?["endCursor"]?.GetValue<string>();
            if (cursor is null || pageInfo?["hasNextPage"]?.GetValue<bool>() != true)
                return first;
            return first + "\n" + Normalise(await host.QueryAsync(Query!, new { after = cursor }, token));
        }

        private async Task<string> GetAsync(ApiHost host, string? token)
        {
            using var client = host.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, Path);
            request.Headers.Accept.ParseAdd(Accept!);
            if (token is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            return $"{(int)response.StatusCode} {response.Content.Headers.ContentType}\n{StripRequestId(body)}";
        }

        private static string Normalise(GraphQLResponse response) => $"{(int)response.Status} {StripRequestId(response.Body)}";

        /// <summary>The request id differs by nature; everything else must not.</summary>
        private static string StripRequestId(string body) =>
            System.Text.RegularExpressions.Regex.Replace(body, "\"requestId\":\"[^\"]*\"", "\"requestId\":\"…\"");
    }

    // ---- The schema, as introspection tells it ----

    private sealed class SchemaModel
    {
        public sealed record TypeRef(string Kind, string Name, bool NonNull, bool IsList);

        public sealed record Arg(string Name, TypeRef Type, string? DefaultValue);

        public sealed record Field(string Name, TypeRef Type, IReadOnlyList<Arg> Args);

        public sealed record TypeInfo(string Kind, string Name, IReadOnlyList<Field> Fields, IReadOnlyList<Arg> InputFields, IReadOnlyList<string> EnumValues, IReadOnlyList<string> PossibleTypes);

        private readonly Dictionary<string, TypeInfo> _types;

        private SchemaModel(string queryType, Dictionary<string, TypeInfo> types)
        {
            QueryType = queryType;
            _types = types;
        }

        public string QueryType { get; }

        public TypeInfo Type(string name) => _types[name];

        public static async Task<SchemaModel> LoadAsync(ApiHost host)
        {
            const string Introspection = """
                { __schema { queryType { name } types { kind name
                    fields { name type { ...T } args { name defaultValue type { ...T } } }
                    inputFields { name defaultValue type { ...T } }
                    enumValues { name }
                    possibleTypes { name } } } }
                fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
                """;
            var schema = (await host.QueryAsync(Introspection)).Ok().GetProperty("__schema");
            var types = new Dictionary<string, TypeInfo>(StringComparer.Ordinal);
            foreach (var t in schema.GetProperty("types").EnumerateArray())
            {
                var name = t.GetProperty("name").GetString()!;
                types[name] = new TypeInfo(t.GetProperty("kind").GetString()!, name,
                    Items(t, "fields").Select(f => new Field(f.GetProperty("name").GetString()!, Ref(f.GetProperty("type")),
                        Items(f, "args").Select(ArgOf).ToList())).ToList(),
                    Items(t, "inputFields").Select(ArgOf).ToList(),
                    Items(t, "enumValues").Select(e => e.GetProperty("name").GetString()!).ToList(),
                    Items(t, "possibleTypes").Select(p => p.GetProperty("name").GetString()!).ToList());
            }
            return new SchemaModel(schema.At("queryType.name").GetString()!, types);

            static IEnumerable<JsonElement> Items(JsonElement e, string name) =>
                e.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

            static Arg ArgOf(JsonElement a) => new(a.GetProperty("name").GetString()!, Ref(a.GetProperty("type")),
                a.TryGetProperty("defaultValue", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null);

            static TypeRef Ref(JsonElement t)
            {
                bool nonNull = false, list = false;
                while (t.GetProperty("kind").GetString() is "NON_NULL" or "LIST")
                {
                    if (t.GetProperty("kind").GetString() == "LIST")
                        list = true;
                    else if (!list)
                        nonNull = true;
                    t = t.GetProperty("ofType");
                }
                return new TypeRef(t.GetProperty("kind").GetString()!, t.GetProperty("name").GetString()!, nonNull, list);
            }
        }
    }

    /// <summary>
    /// A selection of every field of a type down to a depth, with nested lists paged small. Connections and edges do
    /// not use up depth, so a node's fields are reached through them; interfaces and unions select each possible type.
    /// </summary>
    private sealed class SelectionBuilder(SchemaModel schema)
    {
        public string Select(string typeName, int depth, string aliasPrefix = "")
        {
            var type = schema.Type(typeName);
            if (type.Kind is "SCALAR" or "ENUM")
                return "";
            if (type.Kind is "INTERFACE" or "UNION")
            {
                // Each possible type's fields under aliases of their own: Story.status and Directive.status (or kind) have
                // different types, and unaliased the request would fail validation in every store alike, comparing nothing.
                var parts = type.PossibleTypes.Select(p => (p, sel: Select(p, depth, aliasPrefix: p + "_"))).Where(x => x.sel.Length > 0).Select(x => $"... on {x.p} {x.sel}");
                return "{ __typename " + string.Join(" ", parts) + " }";
            }
            var passThrough = typeName.EndsWith("Connection", StringComparison.Ordinal) || typeName.EndsWith("Edge", StringComparison.Ordinal);
            var fields = new List<string>();
            foreach (var field in type.Fields)
            {
                // A connection's nodes repeat its edges' nodes.
                if (typeName.EndsWith("Connection", StringComparison.Ordinal) && field.Name == "nodes" && type.Fields.Any(f => f.Name == "edges"))
                    continue;
                if (Args(field) is not { } args)
                    continue;
                var target = schema.Type(field.Type.Name);
                var alias = aliasPrefix.Length == 0 ? "" : aliasPrefix + field.Name + ": ";
                if (target.Kind is "SCALAR" or "ENUM")
                {
                    fields.Add(alias + field.Name + args);
                    continue;
                }
                // Depth 0 selects scalars only; connections and edges pass their depth on to their nodes.
                if (!passThrough && depth == 0)
                    continue;
                var next = passThrough ? depth : depth - 1;
                var selection = Select(field.Type.Name, next);
                if (selection.Length > 0)
                    fields.Add(alias + field.Name + args + " " + selection);
            }
            return fields.Count == 0 ? "" : "{ " + string.Join(" ", fields) + " }";
        }

        /// <summary>The arguments to select a field with; null when a required one cannot be filled.</summary>
        private string? Args(SchemaModel.Field field)
        {
            var given = new List<string>();
            foreach (var arg in field.Args)
            {
                if (arg.Name is "first" && !arg.Type.NonNull)
                {
                    given.Add("first: 2");
                    continue;
                }
                if (!arg.Type.NonNull || arg.DefaultValue is not null)
                    continue;
                var type = schema.Type(arg.Type.Name);
                var value = type.Kind == "ENUM" ? type.EnumValues[0]
                    : arg.Type.Name switch { "Int" => "2", "Boolean" => "true", "String" => "\"方舱\"", _ => null };
                if (value is null)
                    return null;
                given.Add($"{arg.Name}: {(arg.Type.IsList ? $"[{value}]" : value)}");
            }
            return given.Count == 0 ? "" : "(" + string.Join(", ", given) + ")";
        }
    }

    /// <summary>Values to probe each argument and input field with: hidden ids of the right type, words, every enum value.</summary>
    private sealed class ValueCatalogue(SchemaModel schema, IReadOnlyList<(string TypeName, string Id)> ids)
    {
        private static readonly string[] Words = ["方舱", "党员", "草稿", "INTERNAL", "先进典型"];

        /// <summary>Each required argument filled in turn with each of its values (the others with their first).</summary>
        public IEnumerable<Dictionary<string, string>> RequiredArgs(SchemaModel.Field field, IReadOnlyList<SchemaModel.Arg> required)
        {
            var options = required.Select(a => (a.Name, Values: a.Type.Name == "String" ? DifferentialData.SearchWords.Select(Quote).ToList() : Values(a.Type, a.Name, null).ToList())).ToList();
            foreach (var (name, values) in options)
            {
                foreach (var value in values)
                    yield return options.ToDictionary(o => o.Name, o => o.Name == name ? value : o.Values[0]);
            }
        }

        /// <summary>Every sortable field, both ways.</summary>
        public IEnumerable<string> Orders(SchemaModel.Field field)
        {
            if (field.Args.FirstOrDefault(a => a.Name == "order") is not { } order || schema.Type(order.Type.Name).Kind != "INPUT_OBJECT")
                yield break;
            foreach (var sortable in schema.Type(order.Type.Name).InputFields)
            {
                foreach (var direction in schema.Type(sortable.Type.Name).EnumValues)
                    yield return $"[{{ {sortable.Name}: {direction} }}]";
            }
        }

        /// <summary>An enum-typed argument's values (search's order).</summary>
        public IEnumerable<string> EnumArgValues(SchemaModel.Field field, string name) =>
            field.Args.FirstOrDefault(a => a.Name == name) is { } arg && schema.Type(arg.Type.Name).Kind == "ENUM" ? schema.Type(arg.Type.Name).EnumValues : [];

        /// <summary>One <c>where</c> per filter field, operator and value.</summary>
        public IEnumerable<string> Wheres(SchemaModel.Field field)
        {
            if (field.Args.FirstOrDefault(a => a.Name == "where") is not { } where)
                yield break;
            var input = schema.Type(where.Type.Name);
            foreach (var inputField in input.InputFields.Where(f => f.Name is not ("and" or "or")))
            {
                foreach (var value in Values(inputField.Type, inputField.Name, input.Name))
                    yield return $"{{ {inputField.Name}: {value} }}";
            }
        }

        /// <summary>
        /// How many values each field of a filter on a linked kind is probed with, by how many relations down it is: every
        /// value at the top, then a few (each operator in turn, hidden ids first), so that a filter through relations
        /// covers every field of the linked kind without multiplying the corpus by every value of every field.
        /// </summary>
        private static readonly int[] ValuesPerNestedField = [int.MaxValue, 5, 1];

        private IEnumerable<string> Values(SchemaModel.TypeRef typeRef, string name, string? owner, int relationDepth = 0)
        {
            var type = schema.Type(typeRef.Name);
            IEnumerable<string> single = type.Kind switch
            {
                "ENUM" => type.EnumValues,
                "INPUT_OBJECT" when type.Name.EndsWith("OperationFilterInput", StringComparison.Ordinal) =>
                    Interleave(type.InputFields.Where(f => f.Name is not ("and" or "or"))
                        .Select(op => Values(op.Type, name, owner, relationDepth).Select(v => $"{{ {op.Name}: {v} }}")), relationDepth),
                // A filter through a relation (issuer: { … }, organizations: { some: { … } }): the linked kind's own
                // fields, relations within it down to the depth the API allows; never an object with every field set,
                // which for a kind that links to itself (an organisation's parent) would never end.
                "INPUT_OBJECT" when RelationTarget(type) is not null =>
                    relationDepth + 1 >= ValuesPerNestedField.Length ? [] : RelationValues(type, relationDepth + 1),
                "INPUT_OBJECT" => [Object(type, owner)],
                _ => Scalars(typeRef.Name, name, owner),
            };
            return typeRef.IsList && !type.Name.EndsWith("OperationFilterInput", StringComparison.Ordinal) ? single.Select(v => $"[{v}]") : single;
        }

        /// <summary>The kind filter a relation input leads to (OrganizationFilterInput, or a list's ListFilterInputTypeOf…), or null for any other input.</summary>
        private SchemaModel.TypeInfo? RelationTarget(SchemaModel.TypeInfo type)
        {
            if (type.Name.StartsWith("ListFilterInputTypeOf", StringComparison.Ordinal))
                return schema.Type(type.InputFields.Single(f => f.Name == "some").Type.Name);
            return type.Name.EndsWith("FilterInput", StringComparison.Ordinal) && Kinds.FromTypeName(type.Name[..^"FilterInput".Length]) is not null ? type : null;
        }

        /// <summary>Conditions on a linked kind: one per field (and value, a few at depth), each under some, all and none for a list of links, and any.</summary>
        private IEnumerable<string> RelationValues(SchemaModel.TypeInfo type, int relationDepth)
        {
            var target = RelationTarget(type)!;
            var wheres = target.InputFields.Where(f => f.Name is not ("and" or "or"))
                // A relation within is already bounded by its depth: every one of its values is kept.
                .SelectMany(f => Values(f.Type, f.Name, target.Name, relationDepth)
                    .Take(RelationTarget(schema.Type(f.Type.Name)) is null ? ValuesPerNestedField[relationDepth] : int.MaxValue)
                    .Select(v => $"{{ {f.Name}: {v} }}"))
                .ToList();
            if (target == type)
                return wheres;
            return new[] { "some", "all", "none" }.SelectMany(q => wheres.Select(w => $"{{ {q}: {w} }}"))
                .Concat(["{ any: true }", "{ any: false }"]);
        }

        /// <summary>
        /// Below a relation, where only the first few are taken: each operator in turn, each with another of its values
        /// (eq a, neq b, in [c] …), so that the few cover operators and values alike. At the top, every one in order.
        /// </summary>
        private static IEnumerable<string> Interleave(IEnumerable<IEnumerable<string>> perOperator, int relationDepth)
        {
            var lists = perOperator.Select(l => l.ToList()).ToList();
            if (relationDepth == 0)
                return lists.SelectMany(l => l);
            return Enumerable.Range(0, lists.Count == 0 ? 0 : lists.Max(l => l.Count))
                .SelectMany(round => lists.Select((values, op) => (values, op)).Where(l => round < l.values.Count)
                    .Select(l => l.values[(round + l.op) % l.values.Count]));
        }

        /// <summary>A non-operation input object (a date range) with every field set.</summary>
        private string Object(SchemaModel.TypeInfo type, string? owner) =>
            "{ " + string.Join(", ", type.InputFields.Select(f => $"{f.Name}: {Values(f.Type, f.Name, owner).First()}")) + " }";

        private IEnumerable<string> Scalars(string scalar, string name, string? owner) => scalar switch
        {
            "ID" => IdsFor(name, owner).Select(Quote),
            "String" => (name.Contains("tag", StringComparison.OrdinalIgnoreCase) ? ["方舱", "先进典型", "疫情防控", "学习"] : Words).Select(Quote),
            "Int" => ["0", "10"],
            "Float" => ["1.5"],
            "Boolean" => ["true", "false"],
            "Date" => [Quote("2020-02-05")],
            "DateTime" => [Quote("2020-02-10T00:00:00+08:00")],
            _ => [],
        };

        /// <summary>The ids a field can name: from the kind's field table where the input is a kind's filter, else by the field's name.</summary>
        private IEnumerable<string> IdsFor(string name, string? owner)
        {
            var referenced = owner is not null && owner.EndsWith("FilterInput", StringComparison.Ordinal) && Kinds.FromTypeName(owner[..^"FilterInput".Length]) is { } kind
                ? kind.Field(name)?.References
                : null;
            referenced ??= name.ToLowerInvariant() switch
            {
                var n when n.Contains("organization") || n.Contains("issuer") || n.Contains("parent") || n.Contains("ancestor") => "Organization",
                var n when n.Contains("section") => "DirectiveSection",
                var n when n.Contains("directive") => "Directive",
                var n when n.Contains("material") => "StudyMaterial",
                var n when n.Contains("activity") => "ActivityLog",
                var n when n.Contains("stor") => "Story",
                _ => null,
            };
            return ids.Where(i => referenced is null || i.TypeName == referenced).Select(i => GlobalId.Encode(i.TypeName, i.Id));
        }

        private static string Quote(string text) => JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}

/// <summary>The three stores of the differential test, started once for its tests: the whole archive, the anonymous part, the branch's part.</summary>
public sealed class DifferentialStores : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        // The corpus is generated from introspection; the stores are otherwise as in production, except that a loaded
        // test machine gets more time per request (a timeout would answer the same from both stores and prove nothing)
        // and that the generated requests may be larger than the request limits allow.
        ["Dangjian:GraphQL:Introspection"] = "true",
        ["Dangjian:GraphQL:ExecutionTimeout"] = "00:01:00",
        ["Dangjian:Search:Timeout"] = "00:00:30",
        // A generated selection of every field three levels deep (each possible type's fields aliased) is larger, deeper
        // and has more aliases than a client's: the request
        // limits (LimitsTableTests) would refuse it alike in every store and the probe would compare nothing.
        ["Dangjian:GraphQL:MaxQueryLength"] = "2000000",
        ["Dangjian:GraphQL:MaxBodyBytes"] = "8000000",
        ["Dangjian:GraphQL:MaxDepth"] = "40",
        ["Dangjian:GraphQL:MaxComplexity"] = "100000000",
        ["Dangjian:GraphQL:MaxAliases"] = "100000",
    };

    public ApiHost Everything { get; private set; } = null!;
    public ApiHost Anonymous { get; private set; } = null!;
    public ApiHost Branch { get; private set; } = null!;
    public List<(string TypeName, string Id)> AllIds { get; } = [];
    public Dictionary<Audience, HashSet<(string TypeName, string Id)>> VisibleIds { get; } = [];

    public async ValueTask InitializeAsync()
    {
        Everything = await StartAsync(Audience.Everything);
        Anonymous = await StartAsync(Audience.Anonymous);
        Branch = await StartAsync(Audience.Branch);

        // A draft import naming an issuer the tree does not have: the draft and its new issuer exist only in the whole archive.
        var imported = (await Everything.QueryAsync("""
            mutation($input: ImportDirectiveInput!) { importDirective(input: $input) { directive { id issuer { id } } errors { ... on Error { code } } } }
            """, new { input = new { text = DraftImportText, publish = false } }, TokenFor(Everything, Role.Editor))).Ok();
        Assert.Equal(JsonValueKind.Null, imported.At("importDirective.errors").ValueKind);
        foreach (var host in new[] { Everything, Anonymous, Branch })
            await host.WaitForIndexAsync();

        var everything = await AllIdsAsync(Everything);
        AllIds.AddRange(everything);
        Assert.Contains(everything, id => id.TypeName == "Organization" && id.Id.StartsWith("ext-", StringComparison.Ordinal));
        VisibleIds[Audience.Anonymous] = [.. await AllIdsAsync(Anonymous)];
        VisibleIds[Audience.Branch] = [.. await AllIdsAsync(Branch)];
    }

    public async ValueTask DisposeAsync()
    {
        await Everything.DisposeAsync();
        await Anonymous.DisposeAsync();
        await Branch.DisposeAsync();
    }

    private const string DraftImportText = """
        中共湖南省娄星区某某工作委员会
        关于方舱医院党员突击队疫情防控表彰的通知
        各基层党组织：
        一、表彰先进。对疫情防控中表现突出的党员突击队予以表彰。
        二、学习先进。各支部组织党员学习方舱医院先进事迹。
        中共湖南省娄星区某某工作委员会
        2020年3月1日
        """;

    private static async Task<ApiHost> StartAsync(Audience audience)
    {
        var host = new ApiHost(settings: Settings, time: new FixedTime(DifferentialData.Clock));
        var writes = DifferentialData.Generate(audience).Select(d => DocumentWrite.Insert(d)).ToList();
        Assert.IsType<CommitResult.Committed>(await host.Store.CommitAsync(new Commit(writes, new ChangeAuthor("generator", "ADMIN")), Ct));
        return host;
    }

    /// <summary>A token from the host's fixed clock that the real clock still accepts; each store has its own key, the same subject.</summary>
    public static string TokenFor(ApiHost host, Role role, string? organizationId = null) =>
        host.Token(role, organizationId, TimeSpan.FromDays(3650), subject: role == Role.Branch ? "secretary-wang" : "editor-zhao");

    /// <summary>Every document and section id a store holds, read as an editor.</summary>
    private static async Task<List<(string TypeName, string Id)>> AllIdsAsync(ApiHost host)
    {
        var ids = new List<(string, string)>();
        foreach (var kind in Kinds.All)
        {
            foreach (var document in await host.Store.QueryAsync(kind, Filter.All, [new SortField("id", SortDirection.Ascending)], 10_000, Ct))
            {
                ids.Add((kind.TypeName, document.Id));
                if (document is Directive directive)
                    ids.AddRange(directive.SectionIds.Select(s => ("DirectiveSection", s)));
            }
        }
        return ids;
    }

}
