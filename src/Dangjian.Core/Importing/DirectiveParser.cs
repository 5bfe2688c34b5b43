using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;

namespace Dangjian.Core.Importing;

/// <summary>
/// Reads an official document (公文) from its text: typed, or extracted from a PDF with every line broken where the
/// page was. A 公文 has a fixed order, and the parser reads it from both ends:
/// <code>
///   [份号 密级 紧急程度] [issuer(文件)] [文号]          ← header, above the title
///   关于……的 / 通 知                                   ← title, maybe over several lines, ending with its type
///   [（2020年2月7日……会议通过）] [文号]                  ← under the title: a decision's adoption line
///   [addressees：]
///   preamble
///   一、heading。body …   二、…                          ← sections; （一） 1. items stay in the body
///   [特此通知]  [附件：1. … 2. …]
///   [signature]  date                                   ← 落款
///   [（联系人…）] [抄送… 印发]                            ← after the date
/// </code>
/// Whatever it cannot find is left empty and reported as a warning; it never invents a value silently.
/// </summary>
public sealed class DirectiveParser
{
    /// <summary>How far down the title may start: header marks, issuer and number take at most a few lines.</summary>
    private const int TitleSearchLines = 10;

    private const int MaxTitleLines = 5;

    private const int MaxHeadingLength = 50;

    private const int MaxGuessedTitleLength = 60;

    private readonly IReadOnlyList<SourceLine> _lines;
    private readonly TextLayout _layout;
    private readonly bool _blankLinesSeparate;
    private readonly List<ImportWarning> _warnings = [];

    private string? _title;
    private string? _headerIssuer;
    private string? _subtitleIssuer;
    private FoundDate? _subtitleDate;
    private int _subtitleLine;
    private string? _documentNumber;
    private IReadOnlyList<string> _addressees = [];
    private readonly List<string> _signature = [];
    private FoundDate? _signatureDate;
    private int _signatureDateLine;
    private readonly List<string> _attachments = [];
    private readonly List<string> _contactNotes = [];
    private string? _closing;

    private DirectiveParser(string text)
    {
        var lines = SourceLines.Read(text);
        _layout = SourceLines.DetectLayout(lines);
        // Page numbers sit between the lines of a paragraph in extracted text; the first lines may be a 份号.
        _lines = _layout == TextLayout.Wrapped ? lines.Where((l, i) => i < 2 || !DocumentPatterns.IsPageNumber(l.Text)).ToList() : lines;
        _blankLinesSeparate = Paragraphs.BlankLinesSeparate(_lines);
        if (text.Contains('\uFFFD', StringComparison.Ordinal))
            Warn(ImportWarningCodes.UndecodableCharacters,
                $"The text has {text.Count(c => c == '\uFFFD')} characters that could not be decoded (shown as �); compare with the source.");
    }

    public static ParsedDirective Parse(string text) => new DirectiveParser(text).Run();

    private ParsedDirective Run()
    {
        var bodyStart = ReadHead();
        var bodyEnd = ReadTail(bodyStart);
        bodyEnd = ReadAttachments(bodyStart, bodyEnd);
        var paragraphs = Paragraphs.Join(Slice(bodyStart, bodyEnd), _layout, _blankLinesSeparate).ToList();
        TakeClosingAndContactNotes(paragraphs);
        var (preamble, sections) = Sections(paragraphs);

        var structured = _title is not null || sections.Count > 0 || _addressees.Count > 0 || _documentNumber is not null
            || _signatureDate is not null || _subtitleDate is not null;
        if (!structured)
            return Unstructured();
        var date = IssuedOn();

        var type = _title is null ? DocumentType.Other : DocumentPatterns.TypeOfTitle(_title) ?? DocumentType.Other;
        var title = _title ?? GuessTitle(preamble.Count > 0 ? preamble[0] : paragraphs.FirstOrDefault());
        if (_addressees.Count == 0 && type != DocumentType.Decision)
            Warn(ImportWarningCodes.NoAddressees, "No addressees (主送, a line ending in ：) were found.");
        if (sections.Count == 0)
            Warn(ImportWarningCodes.NoSections, "No numbered sections (一、二、…) were found; all the text is in the preamble.");
        var issuer = Issuer();
        var texts = preamble.Select(p => p.Text).Concat(sections.SelectMany(s => new[] { s.Heading, s.Body })).ToList();
        return new ParsedDirective
        {
            Title = title,
            DocumentType = type,
            Issuer = issuer,
            DocumentNumber = _documentNumber,
            Addressees = _addressees,
            IssuedOn = date,
            Preamble = string.Join('\n', preamble.Select(p => p.Text)),
            Sections = sections,
            Closing = _closing,
            Signature = _signature,
            Contact = ContactFinder.Find(texts.Concat(_contactNotes)),
            Attachments = _attachments.Take(InputRules.MaxListItems).ToList(),
            References = texts.SelectMany(DocumentPatterns.References).Distinct(StringComparer.Ordinal).Take(InputRules.MaxListItems).ToList(),
            Layout = _layout,
            Warnings = _warnings,
        };
    }

    /// <summary>Nothing recognisable: the whole text becomes the preamble, so that nothing is lost.</summary>
    private ParsedDirective Unstructured()
    {
        var paragraphs = Paragraphs.Join(_lines, _layout, _blankLinesSeparate);
        _warnings.Insert(0, new ImportWarning(ImportWarningCodes.Unstructured,
            "No structure of an official document (title, addressees, numbered sections, date) was recognised; the whole text is the preamble."));
        var title = GuessTitle(paragraphs.FirstOrDefault());
        Warn(ImportWarningCodes.DateNotFound, "No date of issue (成文日期) was found; check issuedOn.");
        Warn(ImportWarningCodes.IssuerNotFound, "No issuing organisation (发文机关) was found; set the issuer.");
        var text = string.Join('\n', paragraphs.Select(p => p.Text));
        return new ParsedDirective
        {
            Title = title,
            Preamble = text,
            Contact = ContactFinder.Find(paragraphs.Select(p => p.Text)),
            Layout = _layout,
            Warnings = _warnings,
        };
    }

    // ---- Head: header, title, under the title, addressees ----

    /// <summary>Reads everything above the preamble; returns the index of the preamble's first line.</summary>
    private int ReadHead()
    {
        var next = 0;
        if (FindTitleEnd() is { } end)
        {
            var start = FindTitleStart(end);
            var title = ChineseText.Join(Slice(start, end + 1).Select(l => l.Text));
            if (title.Length <= InputRules.MaxTitle)
            {
                ReadHeader(start);
                _title = title;
                next = end + 1;
            }
        }
        next = ReadUnderTitle(next);
        return ReadAddressees(next);
    }

    /// <summary>
    /// The line that ends the title: no sentence, and it ends with a document type (通知, 决定 …) — maybe split from
    /// the line before (…的决 / 定), as a long title wrapped by a PDF can be.
    /// </summary>
    private int? FindTitleEnd()
    {
        for (var i = 0; i < Math.Min(_lines.Count, TitleSearchLines); i++)
        {
            var text = _lines[i].Text;
            if (Punctuation.EndsSentence(text) || DocumentPatterns.IsAddresseeLine(text) || DocumentPatterns.StartsItem(text)
                || DocumentPatterns.Subtitle(text) is not null)
                return null;
            if (!IsTitleLike(text))
                continue;
            var ending = i > 0 && IsTitleLike(_lines[i - 1].Text) ? _lines[i - 1].Text + text : text;
            if (DocumentPatterns.TypeOfTitle(ending) is not null)
                return i;
        }
        return null;
    }

    /// <summary>
    /// Where the title starts: the line with 关于 (the subject starts there: 关于…的通知, or 发文机关关于…的决定);
    /// without one, the lines up to the issuer's.
    /// </summary>
    private int FindTitleStart(int end)
    {
        for (var s = end; s >= Math.Max(0, end - MaxTitleLines + 1); s--)
        {
            if (_lines[s].Text.Contains("关于", StringComparison.Ordinal))
                return s;
            if (s == 0 || !IsTitleLike(_lines[s - 1].Text))
                break;
        }
        // No 关于 within reach: the title is the lines above its end that do not name an organisation.
        var start = end;
        while (start > 0 && end - start < MaxTitleLines - 1 && IsTitleLike(_lines[start - 1].Text)
               && !DocumentPatterns.LooksLikeOrganization(_lines[start - 1].Text))
            start--;
        return start;
    }

    private static bool IsTitleLike(string text) =>
        text.Length <= 100 && !text.AsSpan().ContainsAny("。；！？：;!?:") && !DocumentPatterns.StartsItem(text)
        && !DocumentPatterns.IsHeaderMark(text) && DocumentPatterns.AsDocumentNumber(text) is null;

    /// <summary>The lines above the title: marks (份号, 密级, 签发人) are skipped; the document number and issuer are kept.</summary>
    private void ReadHeader(int titleStart)
    {
        var issuers = new List<string>();
        for (var i = 0; i < titleStart; i++)
        {
            var line = _lines[i];
            if (DocumentPatterns.AsDocumentNumber(line.Text) is { } number)
                _documentNumber ??= number;
            else if (DocumentPatterns.IsHeaderMark(line.Text))
                continue;
            else if (DocumentPatterns.LooksLikeOrganization(line.Text))
                issuers.Add(DocumentPatterns.WithoutFileSuffix(line.Text));
            else
                Warn(ImportWarningCodes.HeaderIgnored, $"The line above the title \"{line.Text}\" was not recognised (not an issuer or document number); it is left out.", line.Number);
        }
        if (issuers.Count > 1)
            Warn(ImportWarningCodes.JointIssuers, $"Issued jointly by {string.Join("、", issuers)}; {issuers[0]} is the issuer.", _lines[0].Number);
        _headerIssuer = issuers.FirstOrDefault();
    }

    /// <summary>Under the title: a decision's adoption line （…会议通过）, a document number, a date.</summary>
    private int ReadUnderTitle(int next)
    {
        for (var read = 0; read < 3 && next < _lines.Count; read++)
        {
            var line = _lines[next];
            var (text, used) = BracketedLine(next);
            if (DocumentPatterns.Subtitle(text) is { } subtitle)
            {
                _subtitleDate = subtitle.Date;
                _subtitleIssuer = subtitle.Issuer;
                _subtitleLine = line.Number;
                next += used;
            }
            else if (DocumentPatterns.AsDocumentNumber(text.Trim('（', '）', '(', ')')) is { } number && _documentNumber is null)
            {
                _documentNumber = number;
                next += used;
            }
            else if (_title is not null && ChineseDates.WholeLine(text) is { } date && _subtitleDate is null)
            {
                _subtitleDate = date;
                _subtitleLine = line.Number;
                next += used;
            }
            else
            {
                break;
            }
        }
        return next;
    }

    /// <summary>A bracketed note that a PDF wrapped over several lines, joined; else the line alone.</summary>
    private (string Text, int Lines) BracketedLine(int index)
    {
        var text = _lines[index].Text;
        if (text[0] is not ('（' or '(') || text.Contains('）', StringComparison.Ordinal) || text.Contains(')', StringComparison.Ordinal))
            return (text, 1);
        for (var used = 2; used <= 3 && index + used - 1 < _lines.Count; used++)
        {
            text = ChineseText.Join(text, _lines[index + used - 1].Text);
            if (text[^1] is '）' or ')')
                return (text, used);
        }
        return (_lines[index].Text, 1);
    }

    /// <summary>主送: a short list ending in ：, over at most three lines (a PDF may wrap a long one).</summary>
    private int ReadAddressees(int next)
    {
        var text = "";
        for (var used = 1; used <= (_layout == TextLayout.Wrapped ? 3 : 1) && next + used - 1 < _lines.Count; used++)
        {
            var line = _lines[next + used - 1].Text;
            if (used > 1 && (DocumentPatterns.StartsItem(line) || line.Contains('。', StringComparison.Ordinal)))
                break;
            text = ChineseText.Join(text, line);
            if (DocumentPatterns.IsAddresseeLine(text))
            {
                _addressees = AddresseeLine.Split(text[..^1]);
                return next + used;
            }
            if (Punctuation.EndsSentence(line))
                break;
        }
        return next;
    }

    // ---- Tail: signature and date, what follows them, attachments ----

    /// <summary>Finds the date of issue and the signature above it; returns where the body ends.</summary>
    private int ReadTail(int bodyStart)
    {
        for (var j = bodyStart; j < _lines.Count; j++)
        {
            if (SignatureDate(_lines[j].Text) is not { } found)
                continue;
            _signatureDate = found.Date;
            _signatureDateLine = _lines[j].Number;
            var end = j;
            while (end > bodyStart && j - end < 3 && IsSignatureLike(_lines[end - 1].Text))
                end--;
            _signature.AddRange(Slice(end, j).Select(l => l.Text));
            if (found.Signer is { } signer)
                _signature.Add(signer);
            ReadAfterDate(j + 1);
            return end;
        }
        // No date: a last line naming an organisation is still the signature.
        if (_lines.Count > bodyStart + 1 && DocumentPatterns.LooksLikeOrganization(_lines[^1].Text) && IsSignatureLike(_lines[^1].Text))
        {
            _signature.Add(_lines[^1].Text);
            return _lines.Count - 1;
        }
        return _lines.Count;
    }

    /// <summary>A line that is a date, or a signature followed by its date on one line.</summary>
    private static (FoundDate Date, string? Signer)? SignatureDate(string text)
    {
        if (ChineseDates.WholeLine(text) is { } whole)
            return (whole, null);
        if (ChineseDates.Find(text) is { } found && found.Index > 0 && found.Index + found.Length == text.Length
            && text[..found.Index] is var signer && DocumentPatterns.LooksLikeOrganization(signer))
            return (found, signer);
        return null;
    }

    private static bool IsSignatureLike(string text) =>
        ChineseText.Width(text) <= 60 && !text.AsSpan().ContainsAny("，。：；！？,;:!?") && !DocumentPatterns.StartsItem(text)
        && !DocumentPatterns.IsClosing(text) && DocumentPatterns.AttachmentsHeader(text) is null;

    /// <summary>After the date: contact notes, an attachments list, 抄送/印发; anything else is reported.</summary>
    private void ReadAfterDate(int from)
    {
        var inAttachments = false;
        var unrecognised = new List<SourceLine>();
        foreach (var line in Slice(from, _lines.Count))
        {
            if (DocumentPatterns.AttachmentsHeader(line.Text) is { } header)
            {
                inAttachments = true;
                AddAttachment(header.Text);
            }
            else if (inAttachments && DocumentPatterns.AttachmentTitle(line.Text) is { } title)
            {
                _attachments.Add(title);
            }
            else if (DocumentPatterns.IsContactNote(line.Text) || (line.Text[0] is '（' or '(' && ContactFinder.Mentions(line.Text)))
            {
                _contactNotes.Add(line.Text);
                inAttachments = false;
            }
            else if (DocumentPatterns.IsColophon(line.Text))
            {
                inAttachments = false;
            }
            else
            {
                unrecognised.Add(line);
                inAttachments = false;
            }
        }
        if (unrecognised.Count > 0)
            Warn(ImportWarningCodes.TrailingText,
                $"{unrecognised.Count} line(s) after the date, from line {unrecognised[0].Number}, are not part of the structure (they stay in the original text).",
                unrecognised[0].Number);
    }

    /// <summary>附件：1. … 2. … between the body and the signature; returns where the body ends now.</summary>
    private int ReadAttachments(int bodyStart, int bodyEnd)
    {
        var start = -1;
        for (var i = bodyEnd - 1; i > bodyStart; i--)
        {
            if (DocumentPatterns.AttachmentsHeader(_lines[i].Text) is not null)
            {
                start = i;
                break;
            }
        }
        if (start < 0)
            return bodyEnd;
        AddAttachment(DocumentPatterns.AttachmentsHeader(_lines[start].Text)!.Value.Text);
        foreach (var line in Slice(start + 1, bodyEnd))
        {
            if (DocumentPatterns.IsClosing(line.Text))
                _closing ??= line.Text;
            else if (DocumentPatterns.AttachmentTitle(line.Text) is { } title)
                _attachments.Add(title);
            else if (_attachments.Count > 0)
                _attachments[^1] = ChineseText.Join(_attachments[^1], line.Text);
            else
                _attachments.Add(line.Text);
        }
        return start;
    }

    private void AddAttachment(string rest)
    {
        if (rest.Length > 0)
            _attachments.Add(DocumentPatterns.AttachmentTitle(rest) ?? rest);
    }

    /// <summary>特此通知 and a closing contact note （联系人：…） end the body; they are not part of the last section.</summary>
    private void TakeClosingAndContactNotes(List<Paragraph> paragraphs)
    {
        while (paragraphs.Count > 0)
        {
            var last = paragraphs[^1].Text;
            if (_closing is null && DocumentPatterns.IsClosing(last))
                _closing = last;
            else if (DocumentPatterns.IsContactNote(last))
                _contactNotes.Insert(0, last);
            else
                break;
            paragraphs.RemoveAt(paragraphs.Count - 1);
        }
    }

    // ---- Sections ----

    private (IReadOnlyList<Paragraph> Preamble, IReadOnlyList<ParsedSection> Sections) Sections(IReadOnlyList<Paragraph> paragraphs)
    {
        var preamble = paragraphs.TakeWhile(p => DocumentPatterns.SectionNumber(p.Text) is null).ToList();
        var sections = new List<ParsedSection>();
        var rest = paragraphs.Skip(preamble.Count).ToList();
        var i = 0;
        while (i < rest.Count)
        {
            var first = rest[i];
            var number = DocumentPatterns.SectionNumber(first.Text)!.Value;
            var expected = sections.Count == 0 ? 1 : sections[^1].WrittenNumber + 1;
            if (number != expected)
                Warn(ImportWarningCodes.SectionNumberUnexpected, $"Section {sections.Count + 1} is numbered {number} where {expected} was expected.", first.Line);
            var body = new List<string>();
            for (i++; i < rest.Count && DocumentPatterns.SectionNumber(rest[i].Text) is null; i++)
                body.Add(rest[i].Text);
            var (heading, remainder) = Punctuation.SplitFirstSentence(first.Text[DocumentPatterns.SectionMarkerLength(first.Text)..]);
            heading = heading.TrimEnd('：', ':', '；', ';');
            if (heading.Length > MaxHeadingLength)
                Warn(ImportWarningCodes.SectionHeadingLong, $"Section {sections.Count + 1}'s heading is its first sentence, {heading.Length} characters long; it may have no heading.", first.Line);
            if (remainder.Length > 0)
                body.Insert(0, remainder);
            sections.Add(new ParsedSection(number, heading, string.Join('\n', body), first.Line));
        }
        return (preamble, sections);
    }

    // ---- Issuer, date, title fallbacks ----

    private string? Issuer()
    {
        var fromTitle = _title is not null && _title.IndexOf("关于", StringComparison.Ordinal) is > 0 and var at
            && DocumentPatterns.LooksLikeOrganization(_title[..at]) ? _title[..at] : null;
        var fromSignature = _signature.Select(DocumentPatterns.WithoutFileSuffix).ToList();
        if (_headerIssuer is null && _subtitleIssuer is null && fromTitle is null && fromSignature.Count > 1)
            Warn(ImportWarningCodes.JointIssuers, $"Signed jointly by {string.Join("、", fromSignature)}; {fromSignature[0]} is the issuer.");
        var issuer = _headerIssuer ?? _subtitleIssuer ?? fromTitle ?? fromSignature.FirstOrDefault();
        if (issuer is null)
            Warn(ImportWarningCodes.IssuerNotFound, "No issuing organisation (发文机关) was found above or under the title, in it, or in the signature; set the issuer.");
        return issuer;
    }

    /// <summary>
    /// The date of issue: the adoption date under a decision's title (GB/T 9704 dates meeting-adopted documents by
    /// the meeting), else the date under the signature.
    /// </summary>
    private DateOnly? IssuedOn()
    {
        if (_subtitleDate is { IsValid: false } badSubtitle)
            Warn(ImportWarningCodes.DateInvalid, $"The date {badSubtitle.Written} does not exist; check issuedOn.", _subtitleLine);
        if (_signatureDate is { IsValid: false } badSignature)
            Warn(ImportWarningCodes.DateInvalid, $"The date {badSignature.Written} does not exist; check issuedOn.", _signatureDateLine);
        var subtitle = _subtitleDate?.Date;
        var signature = _signatureDate?.Date;
        if (subtitle is not null && signature is not null && subtitle != signature)
            Warn(ImportWarningCodes.DatesDiffer, $"The date under the title ({subtitle:yyyy-MM-dd}) and under the signature ({signature:yyyy-MM-dd}) differ; the first is used.", _signatureDateLine);
        var date = subtitle ?? signature;
        if (_subtitleDate is null && _signatureDate is null)
            Warn(ImportWarningCodes.DateNotFound, "No date of issue (成文日期) was found; check issuedOn.");
        return date;
    }

    private string GuessTitle(Paragraph? paragraph)
    {
        var text = paragraph?.Text ?? "";
        var end = text.IndexOfAny(['。', '！', '？', '；', '：']);
        var guess = end > 0 ? text[..end] : text;
        if (guess.Length > MaxGuessedTitleLength)
            guess = guess[..MaxGuessedTitleLength] + "…";
        if (guess.Length == 0)
            guess = "（无标题）";
        Warn(ImportWarningCodes.TitleGuessed, $"No title (关于……的通知) was found; \"{guess}\" was made from the first sentence. Correct it.", paragraph?.Line);
        return guess;
    }

    private List<SourceLine> Slice(int from, int to) => _lines.Skip(from).Take(Math.Max(0, to - from)).ToList();

    private void Warn(string code, string message, int? line = null) => _warnings.Add(new ImportWarning(code, message, line));
}
