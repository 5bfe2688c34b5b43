using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Loading;
using Dangjian.Core.Documents;
using GraphQL;
using GraphQL.DataLoader;

namespace Dangjian.Api.Features.Directives;

/// <summary>A directive section together with its directive: what the DirectiveSection type resolves from.</summary>
public sealed record SectionView(Directive Directive, DirectiveSection Section);

public static class SectionLoading
{

    /// <summary>
    /// Resolves links to sections through the directive loader: a page of stories linking to sections of three
    /// directives costs one store call, whatever the page size. Sections of directives the caller may not see drop out.
    /// </summary>
    public static IDataLoaderResult<IReadOnlyList<SectionView>> LoadSections(this IResolveFieldContext context, IReadOnlyList<string> sectionIds)
    {
        var directiveIds = sectionIds.Select(DirectiveSection.DirectiveIdOf).OfType<string>().Distinct(StringComparer.Ordinal);
        return context.Request().Loader(Kinds.Directive).LoadMany(directiveIds).Then(directives =>
        {
            var byId = directives.SelectMany(d => d.Sections.Select(s => new SectionView(d, s))).ToDictionary(v => v.Section.Id, StringComparer.Ordinal);
            return (IReadOnlyList<SectionView>)sectionIds.Select(byId.GetValueOrDefault).OfType<SectionView>().ToList();
        });
    }

    public static IDataLoaderResult<SectionView?> LoadSection(this IResolveFieldContext context, string sectionId) =>
        DirectiveSection.DirectiveIdOf(sectionId) is { } directiveId
            ? context.Request().Loader(Kinds.Directive).Load(directiveId).Then(d =>
                d?.Sections.FirstOrDefault(s => s.Id == sectionId) is { } section ? new SectionView(d, section) : null)
            : LoaderResults.Null<SectionView>();
}
