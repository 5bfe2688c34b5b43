using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace Dangjian.Core.Importing;

/// <summary>
/// The text of a PDF, read with PdfPig, laid out as the parser expects text extracted from a PDF: one line per printed
/// line, top to bottom and left to right, a line that starts right of the page's left margin indented with two
/// full-width spaces, and a blank line where the gap to the next line is clearly wider than the page's line spacing.
/// Letters are grouped into lines by their baseline; a space is put where the gap between two letters is wide
/// (Latin words; spaces next to Chinese characters are dropped by the parser anyway).
/// </summary>
internal static class PdfTextLayer
{
    public static Result<(string Text, int Pages)> Extract(byte[] bytes, ImportOptions options, CancellationToken cancellationToken)
    {
        try
        {
            using var document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            var pages = document.NumberOfPages;
            if (pages > options.MaxPdfPages)
                return SourceFileReader.TooLarge($"This PDF has {pages} pages; at most {options.MaxPdfPages} are read.");
            var text = new StringBuilder();
            var letters = 0;
            var unmapped = 0;
            var images = false;
            for (var number = 1; number <= pages; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = document.GetPage(number);
                var visible = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
                letters += visible.Count;
                unmapped += visible.Count(l => l.Value.Any(c => char.IsControl(c) || c == '\uFFFD' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.PrivateUse));
                images |= visible.Count == 0 && page.GetImages().Any();
                if (text.Length > 0)
                    text.Append('\n');
                AppendLines(visible, text);
                if (text.Length > options.MaxBytes)
                    return SourceFileReader.TooLarge($"This PDF holds more text than the {Sizes.Format(options.MaxBytes)} a directive may have.");
            }
            if (letters == 0)
                return new Error(ErrorCodes.NoTextLayer, images
                    ? "This PDF has no text layer: its pages are images (a scan). Run text recognition (OCR) on it first, or import a Word or text version."
                    : "This PDF has no text to import: its pages are empty or hold only drawings.", ["input", "file"]);
            if (unmapped * 2 > letters)
                return SourceFileReader.Unsupported("This PDF's fonts do not say which characters they draw (no Unicode mapping), so its text cannot be read; import a Word or text version.");
            return (text.ToString(), pages);
        }
        catch (PdfDocumentEncryptedException)
        {
            return SourceFileReader.Unsupported("This PDF is encrypted with a password; save an unprotected copy first.");
        }
        catch (Exception e) when (Sizes.IsReadFailure(e))
        {
            return SourceFileReader.Unsupported($"This PDF is damaged and cannot be read: {e.Message}");
        }
    }

    private sealed class Line(double baseline)
    {
        public double Baseline { get; } = baseline;

        public List<Letter> Letters { get; } = [];

        public double Left => Letters.Min(l => l.StartBaseLine.X);

        public double Size => Letters.Average(LetterSize);
    }

    private static double LetterSize(Letter letter) => letter.PointSize > 1 ? letter.PointSize : Math.Max(letter.BoundingBox.Height, 1);

    private static void AppendLines(IReadOnlyList<Letter> letters, StringBuilder text)
    {
        if (letters.Count == 0)
            return;
        var lines = new List<Line>();
        foreach (var letter in letters.OrderByDescending(l => l.StartBaseLine.Y).ThenBy(l => l.StartBaseLine.X))
        {
            var current = lines.Count > 0 ? lines[^1] : null;
            if (current is null || Math.Abs(current.Baseline - letter.StartBaseLine.Y) > LetterSize(letter) * 0.4)
                lines.Add(current = new Line(letter.StartBaseLine.Y));
            current.Letters.Add(letter);
        }
        // The left margin is where most lines start; the spacing is the usual distance between baselines.
        var margin = lines.GroupBy(l => Math.Round(l.Left)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var pitches = lines.Zip(lines.Skip(1), (a, b) => a.Baseline - b.Baseline).Order().ToList();
        var pitch = pitches.Count > 0 ? pitches[pitches.Count / 2] : 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (i > 0)
            {
                text.Append('\n');
                if (pitch > 0 && lines[i - 1].Baseline - line.Baseline > pitch * 1.5)
                    text.Append('\n');
            }
            if (line.Left - margin > line.Size * 1.5)
                text.Append("\u3000\u3000");
            Letter? previous = null;
            foreach (var letter in line.Letters.OrderBy(l => l.StartBaseLine.X))
            {
                if (previous is not null && letter.StartBaseLine.X - previous.EndBaseLine.X > LetterSize(previous) * 0.25)
                    text.Append(' ');
                text.Append(letter.Value);
                previous = letter;
            }
        }
    }
}
