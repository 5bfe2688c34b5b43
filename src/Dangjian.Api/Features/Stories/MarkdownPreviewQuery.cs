using Dangjian.Api.GraphQL;
using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Editorial;
using GraphQL;
using GraphQL.Types;

namespace Dangjian.Api.Features.Stories;

/// <summary>
/// The preview of a story being written: the same renderer as <c>Story.bodyHtml</c>, so what a branch sees while
/// typing is what readers will see, with no second Markdown dialect in the browser.
/// </summary>
public static class MarkdownPreviewQuery
{
    public static void Add(ObjectGraphType query)
    {
        query.Field<StringGraphType>("markdownPreview")
            .Description("Markdown rendered as a story's bodyHtml will be (raw HTML off, then an allow-list sanitiser), for a preview while writing. For signed-in branches and editors; at most 100,000 characters, like a story's body.")
            .Argument<NonNullGraphType<StringGraphType>>("markdown", "The text to render.")
            .Resolve(c =>
            {
                if (Permissions.RequireSignedIn(c.Request().Caller, "preview story text") is { } refused)
                    return c.Fail(refused);
                var markdown = c.GetArgument<string>("markdown");
                if (markdown.Length > InputRules.MaxBody)
                    return c.Fail(Error.Validation($"At most {InputRules.MaxBody} characters can be previewed.", "markdown"));
                return c.RequestServices!.GetRequiredService<MarkdownRenderer>().ToSafeHtml(markdown);
            });
    }
}
