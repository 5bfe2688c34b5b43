using Dangjian.Api.GraphQL.Filtering;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Tests.Api;

/// <summary>
/// The filter rules, without a server: what a parsed <c>where</c> input (as GraphQL hands it over) becomes, and the
/// limits that make a filter an INVALID_FILTER error. ConnectionTests run the same shapes through HTTP.
/// </summary>
public sealed class FilterParserTests
{
    private static Dictionary<string, object?> Obj(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    private static Filter Parse(DocumentKind kind, Dictionary<string, object?> where) => FilterParser.Parse(kind, where).Value;

    private static Error Refused(DocumentKind kind, Dictionary<string, object?> where) => FilterParser.Parse(kind, where).Error!;

    [Fact]
    public void Values_are_normalized_by_the_field_type()
    {
        Assert.Equal(new Condition("status", Operator.Eq, "PUBLISHED"), Parse(Kinds.Story, Obj(("status", Obj(("eq", StoryStatus.Published))))));
        Assert.Equal(new Condition("featured", Operator.Eq, true), Parse(Kinds.Story, Obj(("featured", Obj(("eq", true))))));
        Assert.Equal(new Condition("participantCount", Operator.Gte, 10L), Parse(Kinds.ActivityLog, Obj(("participantCount", Obj(("gte", 10))))));
        Assert.Equal(new Condition("issuedOn", Operator.Lt, "2020-02-01"), Parse(Kinds.Directive, Obj(("issuedOn", Obj(("lt", new DateOnly(2020, 2, 1)))))));
        var at = new DateTimeOffset(2020, 2, 1, 8, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(new Condition("occurredAt", Operator.Gt, at.ToUnixTimeMilliseconds()), Parse(Kinds.ActivityLog, Obj(("occurredAt", Obj(("gt", at))))));
        Assert.Equal(new Condition("submittingOrganizationId", Operator.Eq, "o1"),
            Parse(Kinds.Story, Obj(("submittingOrganizationId", Obj(("eq", GlobalId.Encode("Organization", "o1")))))));
    }

    [Fact]
    public void Negations_lists_and_nulls_take_their_meaning_from_hotchocolate()
    {
        Assert.Equal(Filter.Not(new Condition("title", Operator.Contains, "党")), Parse(Kinds.Story, Obj(("title", Obj(("ncontains", "党"))))));
        Assert.Equal(new Condition("publishedAt", Operator.Eq, null), Parse(Kinds.Story, Obj(("publishedAt", Obj(("eq", null))))));
        Assert.Equal(Filter.All, Parse(Kinds.Story, Obj(("title", Obj(("contains", null))))));
        var some = Parse(Kinds.Story, Obj(("tags", Obj(("some", Obj(("eq", "防控"))))))) as ListCondition;
        Assert.Equal(ListQuantifier.Some, some!.Quantifier);
        Assert.Equal(new Condition(ListCondition.Element, Operator.Eq, "防控"), some.ElementFilter);
        Assert.Equal(Filter.Not(new ListCondition("tags", ListQuantifier.Any, null)), Parse(Kinds.Story, Obj(("tags", Obj(("any", false))))));
    }

    [Fact]
    public void Bad_values_and_names_are_invalid_filters_with_the_path_at_fault()
    {
        var wrongType = Refused(Kinds.Story, Obj(("submittingOrganizationId", Obj(("eq", GlobalId.Encode("Story", "s1"))))));
        var unknown = Refused(Kinds.Story, Obj(("nope", Obj(("eq", "x")))));
        var longValue = Refused(Kinds.Story, Obj(("title", Obj(("eq", new string('党', FilterParser.MaxValueLength + 1))))));

        Assert.Equal(ErrorCodes.InvalidId, wrongType.Code);
        Assert.Equal(["where", "submittingOrganizationId", "eq"], wrongType.Path);
        Assert.Equal(ErrorCodes.InvalidFilter, unknown.Code);
        Assert.Equal(ErrorCodes.InvalidFilter, longValue.Code);
        Assert.Equal(ErrorCodes.InvalidFilter, Refused(Kinds.Story, Obj(("status", Obj(("eq", "NOT_A_STATUS"))))).Code);
    }

    [Fact]
    public void Depth_conditions_list_values_and_element_conditions_are_bounded()
    {
        var deep = Obj(("title", Obj(("eq", "x"))));
        for (var i = 0; i <= FilterParser.MaxDepth; i++)
            deep = Obj(("and", new List<object?> { deep }));
        var many = Obj(("or", Enumerable.Range(0, FilterParser.MaxConditions + 1).Select(i => (object?)Obj(("title", Obj(("eq", $"t{i}"))))).ToList()));
        var longIn = Obj(("title", Obj(("in", Enumerable.Range(0, FilterParser.MaxListValues + 1).Select(i => (object?)$"t{i}").ToList()))));
        var element = Obj(("tags", Obj(("some", Obj(("or", Enumerable.Range(0, ListCondition.MaxElementConditions).Select(i => (object?)Obj(("eq", $"t{i}"))).ToList()))))));

        Assert.Equal(ErrorCodes.InvalidFilter, Refused(Kinds.Story, deep).Code);
        Assert.Equal(ErrorCodes.InvalidFilter, Refused(Kinds.Story, many).Code);
        Assert.Equal(ErrorCodes.InvalidFilter, Refused(Kinds.Story, longIn).Code);
        Assert.Equal(ErrorCodes.InvalidFilter, Refused(Kinds.Story, element).Code);
    }

    [Fact]
    public void Orders_name_sortable_fields_once()
    {
        var order = FilterParser.ParseOrder(Kinds.Story, new List<object?> { Obj(("title", SortDirection.Descending)), Obj(("submittedAt", SortDirection.Ascending)) });

        Assert.Equal([new SortField("title", SortDirection.Descending), new SortField("submittedAt", SortDirection.Ascending)], order.Value);
        Assert.Equal(ErrorCodes.InvalidSort, FilterParser.ParseOrder(Kinds.Story, new List<object?> { Obj(("tags", SortDirection.Ascending)) }).Error!.Code);
        Assert.Equal(ErrorCodes.InvalidSort,
            FilterParser.ParseOrder(Kinds.Story, new List<object?> { Obj(("title", SortDirection.Ascending)), Obj(("title", SortDirection.Descending)) }).Error!.Code);
    }

    [Fact]
    public void A_condition_through_a_relation_is_a_relation_condition_on_the_link_with_the_linked_kinds_filter()
    {
        var single = Parse(Kinds.Story, Obj(("submittingOrganization", Obj(("name", Obj(("contains", "火线")))))));
        var list = Parse(Kinds.Story, Obj(("organizations", Obj(("some", Obj(("name", Obj(("eq", "护理党支部"))))), ("any", true)))));
        var nested = Parse(Kinds.Directive, Obj(("issuer", Obj(("parent", Obj(("id", Obj(("eq", GlobalId.Encode("Organization", "o1"))))))))));

        Assert.Equal(new RelationCondition("submittingOrganizationId", null, new Condition("name", Operator.Contains, "火线"), "where.submittingOrganization"), single);
        Assert.Equal([
            new RelationCondition("organizationIds", ListQuantifier.Some, new Condition("name", Operator.Eq, "护理党支部"), "where.organizations.some"),
            new ListCondition("organizationIds", ListQuantifier.Any, null)], Assert.IsType<AndFilter>(list).Operands);
        Assert.Equal(new RelationCondition("issuerId", null,
            new RelationCondition("parentId", null, new Condition("id", Operator.Eq, "o1"), "where.issuer.parent"), "where.issuer"), nested);
        // The id fields stay as they were.
        Assert.Equal(new Condition("issuerId", Operator.Eq, "o1"), Parse(Kinds.Directive, Obj(("issuerId", Obj(("eq", GlobalId.Encode("Organization", "o1")))))));
    }

    [Fact]
    public void Relations_are_bounded_in_depth_and_number_and_an_empty_or_null_relation_is_refused()
    {
        var name = Obj(("name", Obj(("eq", "x"))));
        var third = Obj(("submittingOrganization", Obj(("parent", Obj(("parent", name))))));
        var many = Obj(("or", Enumerable.Range(0, FilterParser.MaxRelations + 1).Select(i => (object?)Obj(("submittingOrganization", name))).ToList()));
        var wrongId = Refused(Kinds.Story, Obj(("submittingOrganization", Obj(("id", Obj(("eq", GlobalId.Encode("Story", "s1"))))))));

        Assert.Equal(["where", "submittingOrganization", "parent", "parent"], Refused(Kinds.Story, third).Path);
        Assert.Equal(ErrorCodes.InvalidFilter, Refused(Kinds.Story, third).Code);
        Assert.Equal(ErrorCodes.InvalidFilter, Refused(Kinds.Story, many).Code);
        Assert.Equal(ErrorCodes.InvalidId, wrongId.Code);
        Assert.Equal(["where", "submittingOrganization", "id", "eq"], wrongId.Path);
        foreach (var malformed in new[]
        {
            Obj(("submittingOrganization", null)),
            Obj(("submittingOrganization", Obj())),
            Obj(("submittingOrganization", Obj(("name", null)))),
            Obj(("submittingOrganization", "火线")),
            Obj(("organizations", null)),
            Obj(("organizations", Obj())),
            Obj(("organizations", Obj(("some", null)))),
            Obj(("organizations", Obj(("some", Obj())))),
            Obj(("organizations", Obj(("any", "yes")))),
            Obj(("organizations", Obj(("every", name)))),
        })
        {
            var error = Refused(Kinds.Story, malformed);
            Assert.Equal(ErrorCodes.InvalidFilter, error.Code);
            Assert.Equal("where", error.Path![0]);
        }
        // A link to what is not a kind (sections, kept inside directives) has no filter of its own.
        Assert.Equal(ErrorCodes.InvalidFilter, Refused(Kinds.Story, Obj(("sections", Obj(("some", Obj(("heading", Obj(("eq", "x"))))))))).Code);
    }
}
