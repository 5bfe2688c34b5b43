using Dangjian.Api.GraphQL.Loading;
using Dangjian.Core.Documents;
using Dangjian.Core.Knowledge;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;

namespace Dangjian.Api.Features.Knowledge;

public sealed class CitationStyleGraphType : EnumerationGraphType
{
    public CitationStyleGraphType()
    {
        Name = "CitationStyle";
        Description = "How to format a reference.";
        Add("GB_T_7714", CitationStyle.GbT7714, "GB/T 7714-2015 (信息与文献 参考文献著录规则), the form Chinese publications require: …[EB/OL]. (date)[accessed]. URL.");
        Add("APA", CitationStyle.Apa, "APA, 7th edition.");
    }
}

public static class CitationFields
{
    /// <summary>Adds `permalink` and `citation(style:)`; <paramref name="source"/> may load names (issuers, organisations) in batches.</summary>
    public static void AddPermalinkAndCitation<T>(this ObjectGraphType<T> type, string typeName, Func<T, string> localId,
        Func<IResolveFieldContext<T>, string, IDataLoaderResult<CitationSource?>> source)
    {
        type.Field<NonNullGraphType<StringGraphType>>("permalink")
            .Description("A stable address of this item: JSON for programs, a readable page for a browser.")
            .Resolve(c => c.RequestServices!.GetRequiredService<Permalinks>().For(typeName, localId(c.Source)));
        type.Field<NonNullGraphType<StringGraphType>>("citation")
            .Description("A reference to this item for a publication, with today as the access date.")
            .Argument<CitationStyleGraphType>("style", "The citation style; GB_T_7714 by default.", a => a.DefaultValue = CitationStyle.GbT7714)
            .Resolve(c =>
            {
                var url = c.RequestServices!.GetRequiredService<Permalinks>().For(typeName, localId(c.Source));
                var style = c.GetArgument("style", CitationStyle.GbT7714);
                var today = ChinaTime.Day(c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow());
                return source(c, url).Then(s => s is null ? "" : Citations.Format(s, style, today));
            });
    }
}
