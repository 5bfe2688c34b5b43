using System.Text.RegularExpressions;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Mongo;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>
/// Text values inside regular expressions stay literal. The patterns use only what PCRE (MongoDB's engine) and .NET
/// read the same way (a backslash before punctuation, \xhh, ^, \z, [\s\S], lookaheads), so .NET's engine stands in for
/// the server here: each pattern must match exactly the strings that contain, start or end with the value.
/// </summary>
public sealed class PcreLiteralTests
{
    public static TheoryData<string> Hostile =>
    [
        ".*", "^", "$", "\\", "(", ")", "(?i)", "a|b", "[x]", "x{2}", "?", "+", "*", " # comment", "/", "\\E", "\\Q", "\\z",
        "line\nbreak", "tab\there", "nul\0byte", "\x7f", "$where", """{"$gt": ""}""", "火线.党支部", "a_b-c", "😀", "",
    ];

    [Fact]
    public void Metacharacters_are_escaped_with_a_backslash_and_controls_as_hex()
    {
        Assert.Equal("\\.\\*", PcreLiteral.Escape(".*"));
        Assert.Equal("\\^\\$\\\\\\(\\)\\[\\]\\{\\}\\|\\?\\+", PcreLiteral.Escape("^$\\()[]{}|?+"));
        Assert.Equal("a\\x0ab\\x00c\\x7f", PcreLiteral.Escape("a\nb\0c\x7f"));
        Assert.Equal("火线党支部_2020", PcreLiteral.Escape("火线党支部_2020"));
        Assert.Equal("\\$where", PcreLiteral.Escape("$where"));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_pattern_matches_exactly_the_texts_that_hold_the_value(string value)
    {
        foreach (var text in Candidates(value))
        {
            Assert.Equal(text.Contains(value, StringComparison.Ordinal), IsMatch(PcreLiteral.Contains(value).Pattern, text));
            Assert.Equal(text.StartsWith(value, StringComparison.Ordinal), IsMatch(PcreLiteral.StartsWith(value).Pattern, text));
            Assert.Equal(text.EndsWith(value, StringComparison.Ordinal), IsMatch(PcreLiteral.EndsWith(value).Pattern, text));
        }
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_pattern_never_holds_a_nul_which_bson_cannot_store(string value)
    {
        Assert.DoesNotContain('\0', PcreLiteral.Contains(value).Pattern);
        Assert.Empty(PcreLiteral.Contains(value).Options);
    }

    [Fact]
    public void Combined_text_conditions_hold_all_at_once()
    {
        var pattern = PcreLiteral.All([(Operator.StartsWith, "火线"), (Operator.Contains, ".*"), (Operator.EndsWith, "$")]).Pattern;

        Assert.Equal("^(?=火线)(?=[\\s\\S]*?\\.\\*)(?=[\\s\\S]*?\\$\\z)", pattern);
        Assert.True(IsMatch(pattern, "火线.*支部$"));
        Assert.True(IsMatch(pattern, "火线\n.*\n$"));
        Assert.False(IsMatch(pattern, "火线支部$"));
        Assert.False(IsMatch(pattern, "火线.*支部"));
        Assert.False(IsMatch(pattern, "火线.*支部$\n"));
        Assert.False(IsMatch(pattern, "前线.*支部$"));
    }

    private static bool IsMatch(string pattern, string text) => Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>The value itself, with text around it, cut short, with a trailing newline, and a few strings that are not it.</summary>
    private static IEnumerable<string> Candidates(string value) =>
    [
        value, "x" + value, value + "x", "x" + value + "y", value + "\n", "\n" + value, value + value, "", "x", "abc", "\n",
        value.Length > 1 ? value[1..] : "-", value.Length > 1 ? value[..^1] : "+", value.ToUpperInvariant(), value.ToLowerInvariant(),
    ];
}
