using Ganss.Xss;
using Markdig;

namespace Dangjian.Core.Editorial;

/// <summary>
/// Story bodies are plain text or Markdown, written by branches. What the API renders as HTML goes through two gates:
/// Markdown with raw HTML disabled, then an allow-list sanitiser, so no script, handler or javascript: link survives
/// even if the Markdown renderer had a gap.
/// </summary>
public sealed class MarkdownRenderer
{
    /// <summary>One pipeline for HTML and plain text: immutable once built, and safe to share between threads.</summary>
    private static readonly MarkdownPipeline PlainPipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UsePipeTables()
        .Build();

    private readonly MarkdownPipeline _pipeline = PlainPipeline;

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToSafeHtml(string markdown) => _sanitizer.Sanitize(Markdown.ToHtml(markdown, _pipeline));

    /// <summary>
    /// The text a reader sees once the Markdown is rendered, without the marks: what search indexes and highlights,
    /// so that a fragment never shows **王丽** or [链接](…). Plain text passes through unchanged but for its line breaks.
    /// </summary>
    public static string ToPlainText(string markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? markdown : Markdown.ToPlainText(markdown, PlainPipeline).TrimEnd('\n');

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("img");
        return sanitizer;
    }
}
