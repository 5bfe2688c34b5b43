using Dangjian.Core;
using Dangjian.Core.Search;

namespace Dangjian.Tests.Search;

/// <summary>The query language on its own: what each input means, and what is refused with which error.</summary>
public sealed class SearchQuerySyntaxTests
{
    private static ParsedQuery Parse(string text)
    {
        var result = SearchQuerySyntax.Parse(text, maxLength: 256, maxTerms: 32);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    private static Error Fail(string? text)
    {
        var result = SearchQuerySyntax.Parse(text, maxLength: 256, maxTerms: 32);
        Assert.False(result.IsSuccess);
        return result.Error!;
    }

    private static List<string> Groups(ParsedQuery query) =>
        query.Required.Select(g => string.Join("|", g.Select(t => t.IsPhrase ? $"\"{t.Text}\"" : t.Text))).ToList();

    [Fact]
    public void Words_phrases_exclusions_and_or()
    {
        var query = Parse("疫情 \"联防 联控\" -演练 防控 OR 防疫");

        Assert.Equal(["疫情", "\"联防 联控\"", "防控|防疫"], Groups(query));
        Assert.Equal(["演练"], query.Excluded.Select(t => t.Text));
    }

    [Fact]
    public void Chinese_quotation_marks_quote_a_phrase()
    {
        Assert.Equal(["\"火线党支部\"", "\"联防联控\""], Groups(Parse("“火线党支部” 「联防联控」")));
    }

    [Fact]
    public void An_or_without_a_word_on_each_side_is_the_word_or()
    {
        Assert.Equal(["OR", "疫情"], Groups(Parse("OR 疫情")));
        Assert.Equal(["疫情", "OR"], Groups(Parse("疫情 OR")));
        Assert.Equal(["疫情", "OR"], Parse("疫情 OR -演练").Required.Select(g => g[0].Text));
        Assert.Equal(["a|b|c"], Groups(Parse("a OR b OR c")));
        Assert.Equal(["or", "b"], Groups(Parse("or b"))); // only the capitalised word is the operator
    }

    [Fact]
    public void An_unbalanced_quote_is_ignored_and_the_rest_read_as_words()
    {
        Assert.Equal(["火线", "党支部"], Groups(Parse("\"火线 党支部")));
        Assert.Equal(["\"火线\"", "党支部"], Groups(Parse("\"火线\" 党支部\"")));
    }

    [Fact]
    public void Lucene_syntax_is_plain_text()
    {
        Assert.Equal(["title:*"], Groups(Parse("title:*")));
        Assert.Equal(["a~"], Groups(Parse("a~")));
        Assert.Equal(["(a", "AND", "b)^2"], Groups(Parse("(a AND b)^2")));
        Assert.Equal(["COVID-19"], Groups(Parse("COVID-19"))); // a hyphen inside a word does not exclude
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \u3000 ")]
    [InlineData("\"\"")]
    public void An_empty_query_is_refused(string? text)
    {
        var error = Fail(text);
        Assert.Equal(ErrorCodes.InvalidQuery, error.Code);
        Assert.Equal(["query"], error.Path);
    }

    [Fact]
    public void A_query_of_exclusions_only_is_refused_with_a_reason()
    {
        var error = Fail("-演练 -通报");
        Assert.Equal(ErrorCodes.InvalidQuery, error.Code);
        Assert.Contains("at least one word", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_characters_are_refused_saying_how_many_are_allowed()
    {
        var error = Fail(new string('党', 10_000));
        Assert.Equal(ErrorCodes.InvalidQuery, error.Code);
        Assert.Contains("10000 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_words_are_refused()
    {
        var error = Fail(string.Join(' ', Enumerable.Range(0, 33).Select(i => $"w{i}")));
        Assert.Equal(ErrorCodes.InvalidQuery, error.Code);
        Assert.Contains("at most 32", error.Message, StringComparison.Ordinal);
    }
}
