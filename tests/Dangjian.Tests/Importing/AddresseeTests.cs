using System.Text.Json;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Importing;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Importing;

/// <summary>
/// The 主送 line: nothing written in it disappears, and group addressees (…各…) are resolved against the organisation
/// tree where they name it: an import over GraphQL, then the directive's coverage.
/// </summary>
public sealed class AddresseeTests : IAsyncLifetime
{
    private const string Import = """
        mutation($input: ImportDirectiveInput!) {
          importDirective(input: $input) {
            directive { id addressees coverage { addressed { name } unresolvedAddressees } }
            errors { __typename ... on Error { code message } }
          }
        }
        """;

    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private string _editor = "";

    public async ValueTask InitializeAsync()
    {
        var root = await _api.InsertAsync(_samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        var hospital = await _api.InsertAsync(_samples.Organization("中共娄底市中心医院委员会", parent: root.Id, ancestors: [root.Id], kind: OrganizationKind.PartyCommittee));
        foreach (var (name, kind) in new[] { ("内科党总支", OrganizationKind.GeneralBranch), ("外科党支部", OrganizationKind.Branch), ("发热门诊火线党支部", OrganizationKind.FrontLineBranch) })
            await _api.InsertAsync(_samples.Organization(name, parent: hospital.Id, ancestors: [root.Id, hospital.Id], kind: kind));
        await _api.InsertAsync(_samples.Organization("中共娄底市公安局党组", parent: root.Id, ancestors: [root.Id], kind: OrganizationKind.PartyGroup));
        _editor = _api.Token(Role.Editor, subject: "editor-zhao");
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private static string Notice(string issuer, string addressees) => $"""
        {issuer}
        关于做好疫情防控期间党员志愿服务工作的通知
        {addressees}
        　　为做好疫情防控工作，现将有关事项通知如下：
        　　一、组织党员志愿服务
        　　各党支部要组织党员参加社区志愿服务。
        　　二、及时报送情况
        　　各党组织要及时报送工作情况。
        {issuer}
        2020年2月5日
        """;

    private async Task<JsonElement> ImportAsync(string text)
    {
        var payload = (await _api.QueryAsync(Import, new { input = new { text, publish = true } }, _editor)).Ok().At("importDirective");
        payload.AssertNoErrors();
        return payload.GetProperty("directive");
    }

    [Fact]
    public async Task A_group_sharing_its_qualifier_across_kinds_is_one_addressee_resolved_to_those_kinds_under_the_issuer()
    {
        var directive = await ImportAsync(Notice("中共娄底市中心医院委员会", "院属各党总支、党支部："));

        Assert.Equal(["院属各党总支、党支部"], directive.GetProperty("addressees").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["内科党总支", "发热门诊火线党支部", "外科党支部"], directive.At("coverage.addressed").Strings("name").Order(StringComparer.Ordinal));
        Assert.Empty(directive.At("coverage.unresolvedAddressees").EnumerateArray());
    }

    [Fact]
    public async Task An_addressee_outside_the_tree_is_kept_and_reported_and_the_group_beside_it_is_resolved()
    {
        var directive = await ImportAsync(Notice("中共娄底市直属机关工作委员会", "各县市区委组织部，市直各基层党组织："));

        Assert.Equal(["各县市区委组织部", "市直各基层党组织"], directive.GetProperty("addressees").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["各县市区委组织部"], directive.At("coverage.unresolvedAddressees").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(5, directive.At("coverage.addressed").GetArrayLength());
    }

    [Fact]
    public async Task A_group_that_names_nobody_in_the_tree_is_reported_as_written_never_dropped()
    {
        // Issued from outside the tree: 市直 under the 市委组织部 names no organisation this archive holds.
        var directive = await ImportAsync(Notice("中共娄底市委组织部", "各县市区委组织部，市直各基层党组织："));

        Assert.Equal(["各县市区委组织部", "市直各基层党组织"], directive.GetProperty("addressees").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["各县市区委组织部", "市直各基层党组织"], directive.At("coverage.unresolvedAddressees").EnumerateArray().Select(a => a.GetString()));
        Assert.Empty(directive.At("coverage.addressed").EnumerateArray());
    }

    [Fact]
    public async Task A_group_qualified_by_an_organisations_name_is_resolved_under_that_organisation()
    {
        var directive = await ImportAsync(Notice("中共娄底市直属机关工作委员会", "中共娄底市中心医院委员会各党支部、市直各单位党组："));

        Assert.Equal(["中共娄底市中心医院委员会各党支部", "市直各单位党组"], directive.GetProperty("addressees").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["发热门诊火线党支部", "外科党支部"], directive.At("coverage.addressed").Strings("name").Order(StringComparer.Ordinal));
        Assert.Equal(["市直各单位党组"], directive.At("coverage.unresolvedAddressees").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("院属各党总支、党支部", new[] { "院属各党总支、党支部" })]
    [InlineData("各县市区委组织部，市直各基层党组织", new[] { "各县市区委组织部", "市直各基层党组织" })]
    [InlineData("各县市区委、市直各单位党组（党委）", new[] { "各县市区委", "市直各单位党组（党委）" })]
    [InlineData("各党委、党组、党总支、党支部；机关各处室", new[] { "各党委、党组、党总支、党支部", "机关各处室" })]
    [InlineData("党支部、院属各党总支", new[] { "党支部", "院属各党总支" })]
    [InlineData("、，；", new string[0])]
    public void Splitting_a_line_keeps_everything_written(string line, string[] expected)
    {
        var addressees = AddresseeLine.Split(line);

        Assert.Equal(expected, addressees);
        // Nothing written disappears: every character but the separators is in some addressee.
        Assert.Equal(new string(line.Where(c => !"、，,；;".Contains(c)).ToArray()), string.Concat(addressees).Replace("、", "", StringComparison.Ordinal));
    }
}
