using System.Globalization;
using System.Text.RegularExpressions;

namespace Dangjian.Core.Importing;

/// <summary>A date found in a line, or a date written there that does not exist (2020年2月30日).</summary>
internal readonly record struct FoundDate(DateOnly? Date, string Written, int Index, int Length)
{
    public bool IsValid => Date is not null;
}

/// <summary>
/// Dates as official documents write them: 2020年1月29日, 二〇二〇年一月二十九日 (with 〇, 零, or the ○ that word
/// processors substitute), full-width digits, 元月, and 2020-01-29 / 2020.1.29 in texts typed by hand. Spaces are
/// gone before these run (see <see cref="ChineseText.Clean"/>).
/// </summary>
internal static class ChineseDates
{
    private const string Year = "[0-9０-９]{4}|[〇零○OＯ一二三四五六七八九]{4}";
    private const string Month = "[0-9０-９]{1,2}|十[一二]?|[元正一二三四五六七八九]";
    private const string Day = "[0-9０-９]{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]|廿[一二三四五六七八九]?|卅一?";

    private static readonly Regex Written = new(
        $"(?<y>{Year})年(?<m>{Month})月(?<d>{Day})[日号]|(?<y>[0-9]{{4}})[-./](?<m>[0-9]{{1,2}})[-./](?<d>[0-9]{{1,2}})",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <summary>The first date written in <paramref name="text"/>, if any.</summary>
    public static FoundDate? Find(string text)
    {
        var match = Written.Match(text);
        if (!match.Success)
            return null;
        var year = Number(match.Groups["y"].Value, positional: true);
        var month = match.Groups["m"].Value is "元" or "正" ? 1 : Number(match.Groups["m"].Value, positional: false);
        var day = Number(match.Groups["d"].Value, positional: false);
        DateOnly? date = year is >= 1900 and <= 2999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
        return new FoundDate(date, match.Value, match.Index, match.Length);
    }

    /// <summary>True when the whole of <paramref name="text"/> is one date, maybe in brackets: a signature date line.</summary>
    public static FoundDate? WholeLine(string text)
    {
        var inner = text.Trim('（', '）', '(', ')');
        return Find(inner) is { } found && found.Index == 0 && found.Length == inner.Length ? found : null;
    }

    /// <summary>
    /// A number written with Arabic digits (ASCII or full-width), with Chinese digits read place by place (二〇二〇 =
    /// 2020, for years), or as a Chinese numeral (二十九 = 29, 廿九 = 29).
    /// </summary>
    public static int Number(string written, bool positional)
    {
        if (written.Length > 0 && char.IsDigit(written[0]))
            return int.Parse(Normalize(written), NumberStyles.None, CultureInfo.InvariantCulture);
        if (positional)
            return written.Aggregate(0, (value, c) => value * 10 + Digit(c));
        return ChineseNumerals.Parse(written) ?? 0;
    }

    private static string Normalize(string digits) =>
        string.Concat(digits.Select(c => c is >= '０' and <= '９' ? (char)('0' + (c - '０')) : c));

    private static int Digit(char c) => c switch
    {
        '〇' or '零' or '○' or 'O' or 'Ｏ' => 0,
        _ => ChineseNumerals.Digit(c),
    };
}

/// <summary>Chinese numerals from 一 to 九十九: section numbers, months, days.</summary>
internal static class ChineseNumerals
{
    public static int Digit(char c) => "零一二三四五六七八九".IndexOf(c, StringComparison.Ordinal) is var i and >= 0 ? i : 0;

    /// <summary>一 = 1, 十 = 10, 十二 = 12, 二十 = 20, 三十一 = 31, 廿九 = 29; null when it is not one.</summary>
    public static int? Parse(string numeral)
    {
        if (numeral.Length == 0)
            return null;
        if (numeral[0] is '廿' or '卅')
            return (numeral[0] == '廿' ? 20 : 30) + (numeral.Length > 1 ? Digit(numeral[1]) : 0);
        var ten = numeral.IndexOf('十', StringComparison.Ordinal);
        if (ten < 0)
            return numeral.Length == 1 && Digit(numeral[0]) > 0 ? Digit(numeral[0]) : null;
        var tens = ten == 0 ? 1 : Digit(numeral[0]);
        var units = ten == numeral.Length - 1 ? 0 : Digit(numeral[ten + 1]);
        return tens * 10 + units;
    }
}
