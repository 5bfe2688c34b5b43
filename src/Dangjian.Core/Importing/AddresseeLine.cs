using System.Text.RegularExpressions;

namespace Dangjian.Core.Importing;

/// <summary>
/// The 主送 line split into addressees, each as written. A comma or semicolon always separates two addressees; a 、
/// does too, except before a bare kind of organisation continuing a group: in 院属各党总支、党支部 the 、 shares 院属各
/// between 党总支 and 党支部, so the line is one group addressee (院属各党总支、党支部), not 院属各党总支 and a
/// meaningless 党支部. Nothing of the line is dropped: joined again, the addressees are the line.
/// </summary>
public static class AddresseeLine
{
    /// <summary>The kinds of party organisation a group names after 各, and what each stands for in the tree.</summary>
    public static readonly IReadOnlyDictionary<string, Documents.OrganizationKind[]?> GroupKinds = new Dictionary<string, Documents.OrganizationKind[]?>(StringComparer.Ordinal)
    {
        // null: every kind of party organisation.
        ["基层党组织"] = null,
        ["党组织"] = null,
        ["党委"] = [Documents.OrganizationKind.PartyCommittee],
        ["党组"] = [Documents.OrganizationKind.PartyGroup],
        ["党委（党组）"] = [Documents.OrganizationKind.PartyCommittee, Documents.OrganizationKind.PartyGroup],
        ["党组（党委）"] = [Documents.OrganizationKind.PartyCommittee, Documents.OrganizationKind.PartyGroup],
        ["党总支"] = [Documents.OrganizationKind.GeneralBranch],
        ["总支"] = [Documents.OrganizationKind.GeneralBranch],
        ["党支部"] = [Documents.OrganizationKind.Branch, Documents.OrganizationKind.TemporaryBranch, Documents.OrganizationKind.FrontLineBranch],
        ["支部"] = [Documents.OrganizationKind.Branch, Documents.OrganizationKind.TemporaryBranch, Documents.OrganizationKind.FrontLineBranch],
        ["临时党支部"] = [Documents.OrganizationKind.TemporaryBranch],
        ["临时党组织"] = [Documents.OrganizationKind.TemporaryBranch],
        ["火线党支部"] = [Documents.OrganizationKind.FrontLineBranch],
    };

    private static readonly Regex BareKind = new("^各?(" + string.Join('|', GroupKinds.Keys.Select(Regex.Escape)) + ")$",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <summary>The addressees of a 主送 line without its final colon.</summary>
    public static IReadOnlyList<string> Split(string line)
    {
        var addressees = new List<string>();
        foreach (var chunk in Punctuation.SplitOutsideBrackets(line, "，,；;"))
        {
            var start = addressees.Count;
            foreach (var part in Punctuation.SplitOutsideBrackets(chunk, "、"))
            {
                if (addressees.Count > start && addressees[^1].Contains('各', StringComparison.Ordinal) && BareKind.IsMatch(part))
                    addressees[^1] += "、" + part;
                else
                    addressees.Add(part);
            }
        }
        return addressees;
    }

    /// <summary>
    /// A group addressee (…各…) read as where and what: 院属各党总支、党支部 → ("院属", [党总支, 党支部]). Null when the
    /// addressee is not a group or names a kind this archive's tree does not have (各县市区委组织部).
    /// </summary>
    public static (string Qualifier, IReadOnlyList<string> Kinds)? Group(string addressee)
    {
        var at = addressee.IndexOf('各', StringComparison.Ordinal);
        if (at < 0)
            return null;
        var kinds = Punctuation.SplitOutsideBrackets(addressee[(at + 1)..], "、").Select(k => k.TrimStart('各')).ToList();
        return kinds.Count > 0 && kinds.All(GroupKinds.ContainsKey) ? (addressee[..at], kinds) : null;
    }
}
