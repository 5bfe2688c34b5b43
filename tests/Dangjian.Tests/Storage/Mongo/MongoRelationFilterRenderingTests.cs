using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using static Dangjian.Tests.Storage.Mongo.BsonAssert;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>
/// A filter through a relation reaches MongoDB as what the reader made of it: an <c>$in</c> on the link over the linked
/// documents' ids (RelationFilters), never a join. An unresolved relation condition is refused by the adapter, as any
/// filter it does not know.
/// </summary>
public sealed class MongoRelationFilterRenderingTests
{
    private static readonly IReadOnlyList<object?> Ids = ["o1", "o2"];

    [Fact]
    public void A_resolved_relation_is_an_in_on_the_link()
    {
        Renders("""{ "submittingOrganizationId": { "$in": ["o1", "o2"] } }""", Filter.In("submittingOrganizationId", Ids));
        Renders("""{ "issuerId": { "$in": [] } }""", Filter.In("issuerId", []), Kinds.Directive);
        Renders("""{ "organizationIds": { "$in": ["o1", "o2"] } }""",
            new ListCondition("organizationIds", ListQuantifier.Some, Filter.In(ListCondition.Element, Ids)));
        Renders("""{ "organizationIds": { "$nin": ["o1", "o2"] } }""",
            new ListCondition("organizationIds", ListQuantifier.None, Filter.In(ListCondition.Element, Ids)));
        Renders("""{ "organizationIds": { "$not": { "$elemMatch": { "$nin": ["o1", "o2"] } } } }""",
            new ListCondition("organizationIds", ListQuantifier.All, Filter.In(ListCondition.Element, Ids)));
    }

    [Fact]
    public void An_unresolved_relation_condition_is_refused()
    {
        var relation = new RelationCondition("submittingOrganizationId", null, Filter.Eq("name", "火线"), "where.submittingOrganization");
        Assert.Throws<NotSupportedException>(() => Render(relation));
    }
}
