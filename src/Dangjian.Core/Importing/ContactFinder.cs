using System.Text.RegularExpressions;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;

namespace Dangjian.Core.Importing;

/// <summary>
/// E-mail addresses and telephone numbers anywhere in a document, with the words around them as written: the
/// bracketed note they stand in (（邮箱：ldjgdj1616@163.com）), or else their clause.
/// </summary>
internal static class ContactFinder
{
    private const RegexOptions Linear = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private static readonly Regex Email = new(@"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", Linear);

    /// <summary>Digits that may be a number: 0738-8312345, （0738）8312345, 13807381234, or a bare 8312345 after 电话.</summary>
    private static readonly Regex PhoneCandidate = new(@"([（(]0[0-9]{2,3}[）)]|0[0-9]{2,3}[\-－—])?[0-9]{7,12}", Linear);

    /// <summary>A document gives a few contacts; more are not contact details but a list (and would be unbounded).</summary>
    private const int MaxEach = 20;

    private static readonly Regex PhoneLabel = new("(电话|手机|传真|座机|热线|Tel|TEL|tel)[:：]?$", Linear);

    /// <summary>True when the text holds an e-mail address or a telephone number.</summary>
    public static bool Mentions(string text) => Find([text]) is { Emails.Count: > 0 } or { Phones.Count: > 0 };

    public static ContactDetails Find(IEnumerable<string> paragraphs)
    {
        var emails = new List<string>();
        var phones = new List<string>();
        var notes = new List<string>();
        foreach (var paragraph in paragraphs)
        {
            if (emails.Count == MaxEach && phones.Count == MaxEach && notes.Count == MaxEach)
                break;
            // A note that is all contact details (联系人：李四，电话：…) is kept whole.
            var wholeNote = DocumentPatterns.IsContactNote(paragraph) ? paragraph.Trim('（', '）', '(', ')', '。') : null;
            var found = false;
            foreach (Match match in Email.Matches(paragraph))
            {
                found = true;
                AddOnce(emails, match.Value);
                AddOnce(notes, wholeNote ?? NoteAround(paragraph, match.Index, match.Length));
            }
            foreach (Match match in PhoneCandidate.Matches(paragraph))
            {
                if (!IsPhone(paragraph, match))
                    continue;
                found = true;
                AddOnce(phones, match.Value);
                AddOnce(notes, wholeNote ?? NoteAround(paragraph, match.Index, match.Length));
            }
            if (!found && wholeNote is not null)
                AddOnce(notes, wholeNote);
        }
        return emails.Count == 0 && phones.Count == 0 && notes.Count == 0
            ? ContactDetails.None
            : new ContactDetails { Emails = emails, Phones = phones, Text = notes.Count == 0 ? null : Truncate(string.Join("；", notes)) };
    }

    /// <summary>
    /// A mobile number (11 digits from 13–19), a number with its area code, or digits right after a label such as
    /// 电话：— never part of a longer run of digits (a date, an amount, an id).
    /// </summary>
    private static bool IsPhone(string text, Match match)
    {
        var before = match.Index > 0 ? text[match.Index - 1] : ' ';
        var after = match.Index + match.Length < text.Length ? text[match.Index + match.Length] : ' ';
        if (char.IsAsciiDigit(before) || char.IsAsciiDigit(after) || before is '-' or '.' || after is '-' or '.' or '@' or '年' or '号' or '元' or '人')
            return false;
        var value = match.Value;
        if (value.Length == 11 && value[0] == '1' && value[1] is >= '3' and <= '9')
            return true;
        if (value[0] is '0' or '（' or '(')
            return value.Length >= 10;
        // Only the few characters before the number: a label is right in front of it (and copying more would make
        // a text of many numbers quadratic).
        var label = text.AsSpan(Math.Max(0, match.Index - 8), Math.Min(8, match.Index)).TrimEnd().ToString();
        return PhoneLabel.IsMatch(label);
    }

    /// <summary>
    /// The bracketed note around a contact if it is in one, else its clause (between ，。；) — looked for within
    /// <see cref="NoteReach"/> characters either side, which any real note fits in.
    /// </summary>
    private static string NoteAround(string text, int index, int length)
    {
        var from = Math.Max(0, index - NoteReach);
        var to = Math.Min(text.Length, index + length + NoteReach);
        var before = text.AsSpan(from, index - from);
        var after = text.AsSpan(index + length, to - index - length);
        var open = before.LastIndexOfAny('（', '(');
        var close = after.IndexOfAny('）', ')');
        if (open >= 0 && close >= 0 && before[open..].IndexOfAny('）', ')') < 0)
            return text[(from + open + 1)..(index + length + close)];
        var start = before.LastIndexOfAny("，。；") + 1;
        var end = after.IndexOfAny("，。；");
        return text[(from + start)..(index + length + (end < 0 ? after.Length : end))];
    }

    private const int NoteReach = 100;

    private static void AddOnce(List<string> list, string value)
    {
        if (value.Length > 0 && list.Count < MaxEach && !list.Contains(value, StringComparer.Ordinal))
            list.Add(value);
    }

    private static string Truncate(string text) => text.Length <= InputRules.MaxShortText ? text : text[..(InputRules.MaxShortText - 1)] + "…";
}
