using System.Text.Json;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Knowledge;

/// <summary>Coverage of the founding notice, checked against counts computed here from the seed files themselves.</summary>
public sealed class CoverageTests
{
    private sealed record SeedOrg(string Id, string Name, string? Parent, string[] Ancestors, string Kind, string? Established, string? Dissolved);

    private sealed record SeedReport(string Organization, string[] Sections, string? Status);

    private static JsonElement[] Seed(string file) =>
        JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("seed-data", file))).RootElement.GetProperty("documents").EnumerateArray().ToArray();

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string[] Strs(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];

    [Fact]
    public async Task Coverage_of_the_founding_notice_matches_the_seed_data()
    {
        var orgs = Seed("organizations.json").Select(o => new SeedOrg(Str(o, "id")!, Str(o, "name")!, Str(o, "parentId"), Strs(o, "ancestorIds"),
            Str(o, "kind")!, Str(o, "establishedOn"), Str(o, "dissolvedOn"))).ToList();
        var logs = Seed("activity-logs.json").Select(a => new SeedReport(Str(a, "organizationId")!, Strs(a, "sectionIds"), null)).ToList();
        var stories = Seed("stories.json").Select(s => new SeedReport(Str(s, "submittingOrganizationId")!, Strs(s, "sectionIds"), Str(s, "status"))).ToList();
        var published = stories.Where(s => s.Status == "PUBLISHED").ToList();
        // 市直各基层党组织: every organisation under the issuer that existed on 2020-01-29.
        var addressed = orgs.Where(o => o.Ancestors.Contains("ld-jggw") && o.Kind != "EXTERNAL"
            && string.CompareOrdinal(o.Established ?? "", "2020-01-29") <= 0 && (o.Dissolved is null || string.CompareOrdinal(o.Dissolved, "2020-01-29") >= 0)).ToList();
        var byId = orgs.ToDictionary(o => o.Id);

        await using var api = new ApiHost(seed: true);
        var data = (await api.QueryAsync("""
            query($id: ID!) {
              node(id: $id) {
                ... on Directive {
                  coverage {
                    addressed { name }
                    unresolvedAddressees
                    silent { name }
                    firstReportAt latestReportAt
                    sections { number activityCount storyCount reporting { organization { name } activityCount storyCount } silent { name } }
                  }
                }
              }
            }
            """, new { id = Dangjian.Api.GraphQL.Relay.GlobalId.Encode("Directive", "notice-2020-01-29") })).Ok();
        var coverage = data.At("node.coverage");

        Assert.Equal(addressed.Select(o => o.Name).Order(), coverage.GetProperty("addressed").Strings("name").Order());
        Assert.Empty(coverage.GetProperty("unresolvedAddressees").EnumerateArray());
        for (var n = 1; n <= 5; n++)
        {
            var sectionId = $"notice-2020-01-29.s{n}";
            var section = coverage.GetProperty("sections")[n - 1];
            var sectionLogs = logs.Where(l => l.Sections.Contains(sectionId)).ToList();
            var sectionStories = published.Where(s => s.Sections.Contains(sectionId)).ToList();
            Assert.Equal(n, section.GetProperty("number").GetInt32());
            Assert.Equal(sectionLogs.Count, section.GetProperty("activityCount").GetInt32());
            Assert.Equal(sectionStories.Count, section.GetProperty("storyCount").GetInt32());
            var reporters = sectionLogs.Select(l => l.Organization).Concat(sectionStories.Select(s => s.Organization)).ToHashSet();
            Assert.Equal(reporters.Select(r => byId[r].Name).Order(), section.GetProperty("reporting").EnumerateArray().Select(r => r.At("organization.name").GetString()).Order());
            var covered = reporters.SelectMany(r => byId[r].Ancestors.Append(r)).ToHashSet();
            Assert.Equal(addressed.Where(o => !covered.Contains(o.Id)).Select(o => o.Name).Order(), section.GetProperty("silent").Strings("name").Order());
        }
        // Section five was carried out by one activity only: most addressed organisations stayed silent on it.
        Assert.Equal(1, coverage.At("sections.4.activityCount").GetInt32());
        Assert.NotEmpty(coverage.At("sections.4.silent").EnumerateArray());

        // An editor also sees the unpublished stories linked to the sections.
        var editor = (await api.QueryAsync("query($id: ID!) { node(id: $id) { ... on Directive { coverage { sections { storyCount } } } } }",
            new { id = Dangjian.Api.GraphQL.Relay.GlobalId.Encode("Directive", "notice-2020-01-29") }, api.Token(Role.Editor))).Ok();
        Assert.Equal(Enumerable.Range(1, 5).Select(n => stories.Count(s => s.Sections.Contains($"notice-2020-01-29.s{n}"))),
            editor.At("node.coverage.sections").EnumerateArray().Select(s => s.GetProperty("storyCount").GetInt32()));
    }
}
