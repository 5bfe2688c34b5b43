using System.Net;
using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Tests.Importing;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Hardening;

/// <summary>
/// The leaks an outside attack found (issue 13) through imports: a draft import's new outside issuer is provisional,
/// seen by editors only, and nothing readers see may name it. From the shared import fixture (issuer in the tree,
/// editor token).
/// </summary>
public sealed class ImportLeakTests : DirectiveImportTestBase
{
    private const string DraftImportText = """
        中共湖南省娄星区某某工作委员会
        关于开展防汛救灾党员突击队活动的通知
        各基层党组织：
        一、高度重视。各级党组织要把防汛救灾作为当前重要任务。
        二、组建突击队。每个支部组建一支党员突击队。
        中共湖南省娄星区某某工作委员会
        2020年7月1日
        """;

    [Fact]
    public async Task A_draft_import_with_an_unknown_issuer_adds_an_issuer_only_editors_see_until_a_published_directive_names_it()
    {
        var imported = (await Api.QueryAsync("""
            mutation($input: ImportDirectiveInput!) {
              importDirective(input: $input) { directive { id version issuer { id name kind provisional } } errors { ... on Error { code message } } }
            }
            """, new { input = new { text = DraftImportText, publish = false } }, Editor)).Ok().GetProperty("importDirective");
        var directive = imported.GetProperty("directive");
        var issuer = directive.GetProperty("issuer");
        Assert.Equal("EXTERNAL", issuer.GetProperty("kind").GetString());
        Assert.True(issuer.GetProperty("provisional").GetBoolean());
        var issuerId = issuer.GetProperty("id").GetString()!;

        const string Organizations = """
            query($id: ID!) {
              organizations(first: 50) { totalCount nodes { id name } }
              external: organizations(where: { kind: { eq: EXTERNAL } }) { totalCount }
              node(id: $id) { id }
              nodes(ids: [$id]) { id }
            }
            """;
        foreach (var token in new[] { null, Api.Token(Role.Reader) })
        {
            var hidden = (await Api.QueryAsync(Organizations, new { id = issuerId }, token)).Ok();
            Assert.Equal(1, hidden.At("organizations.totalCount").GetInt32());
            Assert.DoesNotContain(issuerId, hidden.At("organizations.nodes").Strings("id"));
            Assert.Equal(0, hidden.At("external.totalCount").GetInt32());
            Assert.Equal(JsonValueKind.Null, hidden.GetProperty("node").ValueKind);
            Assert.Equal(JsonValueKind.Null, hidden.GetProperty("nodes")[0].ValueKind);
            using var client = Api.CreateClient();
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/d/" + Uri.EscapeDataString(issuerId), Ct)).StatusCode);
        }
        Assert.Equal(2, (await Api.QueryAsync(Organizations, new { id = issuerId }, Editor)).Ok().At("organizations.totalCount").GetInt32());

        var published = (await Api.QueryAsync("""
            mutation($id: ID!, $v: Int!) { publishDirective(input: { id: $id, expectedVersion: $v }) { directive { status issuer { provisional } } errors { ... on Error { code } } } }
            """, new { id = directive.GetProperty("id").GetString(), v = directive.GetProperty("version").GetInt32() }, Editor)).Ok();
        Assert.False(published.At("publishDirective.directive.issuer.provisional").GetBoolean());
        var shown = (await Api.QueryAsync(Organizations, new { id = issuerId })).Ok();
        Assert.Equal(2, shown.At("organizations.totalCount").GetInt32());
        Assert.Equal(issuerId, shown.At("node.id").GetString());
    }

    [Fact]
    public async Task A_provisional_issuer_cannot_be_named_by_a_story_or_an_activity_whose_permalink_would_give_its_id_away()
    {
        var issuerId = (await Api.QueryAsync("""
            mutation($input: ImportDirectiveInput!) { importDirective(input: $input) { directive { issuer { id } } } }
            """, new { input = new { text = DraftImportText, publish = false } }, Editor)).Ok().At("importDirective.directive.issuer.id").GetString()!;
        var rootId = GlobalId.Encode("Organization", Committee.Id);

        // Each would be seen by readers (a story once published, an activity at once) with the provisional id in it.
        var attempts = new (string Mutation, string Payload, object Input, string Field)[]
        {
            ("submitStory", "story", new { submittingOrganizationId = issuerId, title = "外单位的故事", body = "正文" }, "submittingOrganizationId"),
            ("submitStory", "story", new { submittingOrganizationId = rootId, title = "联合的故事", body = "正文", organizationIds = new[] { rootId, issuerId } }, "organizationIds"),
            ("logActivity", "activityLog", new { organizationId = issuerId, kind = "OTHER", title = "外单位的活动", occurredAt = "2020-03-02T09:00:00+08:00" }, "organizationId"),
        };
        foreach (var (mutation, payload, input, field) in attempts)
        {
            var answer = await Api.MutateAsync(mutation, $"{payload} {{ id }} errors {{ ... on Error {{ code message path }} }}", input, Editor);
            Assert.Equal(JsonValueKind.Null, answer.GetProperty(payload).ValueKind);
            var error = Assert.Single(answer.GetProperty("errors").EnumerateArray());
            Assert.Equal("VALIDATION_ERROR", error.GetProperty("code").GetString());
            Assert.Contains("provisional", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(["input", field], error.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        }
        Assert.Equal(0, (await Api.QueryAsync("{ stories { totalCount } activityLogs { totalCount } }", token: Editor)).Ok().At("stories.totalCount").GetInt32());
    }
}
