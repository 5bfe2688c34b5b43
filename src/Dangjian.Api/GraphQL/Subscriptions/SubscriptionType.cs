using Dangjian.Api.Features.Directives;
using Dangjian.Api.Features.Stories;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Live;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using Directive = Dangjian.Core.Documents.Directive;

namespace Dangjian.Api.GraphQL.Subscriptions;

/// <summary>A change to a document, as <c>documentChanged</c> delivers it.</summary>
public sealed record DocumentChangedEvent(DocumentKind Kind, Document Document, string Action, DateTimeOffset At);

/// <summary>A story's step through the editorial workflow, as <c>storyWorkflowChanged</c> delivers it.</summary>
public sealed record StoryWorkflowEvent(Story Story, StoryStatus? From, string Action, DateTimeOffset At);

public sealed class SubscriptionType : ObjectGraphType
{
    public const int MaxIds = 100;

    public SubscriptionType()
    {
        Name = "Subscription";
        Description = "Live updates, over WebSocket (graphql-transport-ws) or Server-Sent Events at /graphql. Each event is a change committed " +
            "through any API instance after the subscription started, shown only when the subscriber may see the document as the change left it.";

        Field<NonNullGraphType<DocumentChangedEventType>>("documentChanged")
            .Description($"Every change to documents of the given kinds, or to the given documents (at most {MaxIds} ids); all visible changes when neither is given.")
            .Argument<ListGraphType<NonNullGraphType<DocumentKindGraphType>>>("kinds", "Only documents of these kinds.")
            .Argument<ListGraphType<NonNullGraphType<IdGraphType>>>("ids", "Only these documents (global IDs).")
            .ResolveStream(DocumentChanged);

        Field<NonNullGraphType<StoryWorkflowEventType>>("storyWorkflowChanged")
            .Description("Every step a story takes through the editorial workflow (submitted, taken into review, approved, published …): " +
                "a review queue that refreshes itself, a story page that shows \"published\" the moment it happens.")
            .Argument<IdGraphType>("organizationId", "Only stories submitted by this organisation or an organisation under it (as the tree stands when the subscription starts).")
            .ResolveStreamAsync(StoryWorkflowChangedAsync);

        Field<NonNullGraphType<DirectiveGraphType>>("directivePublished")
            .Description("Every directive the moment it is published (by publishDirective, or imported as published): a reading room that announces new directives.")
            .ResolveStream(c => Stream(c, [Kinds.Directive], change =>
                change.Document is Directive { Status: DirectiveStatus.Published } directive
                && change.Previous is not Directive { Status: DirectiveStatus.Published }
                    ? directive
                    : null));
    }

    private static IObservable<object?> DocumentChanged(IResolveFieldContext<object?> context)
    {
        var kinds = context.GetArgument<List<DocumentKind>?>("kinds") is { Count: > 0 } asked ? asked.ToHashSet() : Kinds.All.ToHashSet();
        HashSet<(string, string)>? ids = null;
        if (context.GetArgument<List<string>?>("ids") is { } globalIds)
        {
            if (globalIds.Count > MaxIds)
                throw Refusal(ErrorCodes.InvalidId, $"Ask for at most {MaxIds} ids at once, not {globalIds.Count}.");
            ids = [];
            foreach (var globalId in globalIds)
            {
                var decoded = GlobalId.Decode(globalId);
                if (!decoded.IsSuccess)
                    throw Refusal(decoded.Error!.Code, decoded.Error.Message);
                if (Kinds.FromTypeName(decoded.Value.TypeName) is not { } kind)
                    throw Refusal(ErrorCodes.InvalidId, $"'{globalId}' is not the ID of a document (sections change with their directive).");
                ids.Add((kind.TypeName, decoded.Value.LocalId));
            }
            kinds.IntersectWith(ids.Select(i => Kinds.FromTypeName(i.Item1)!));
        }
        return Stream(context, kinds, change =>
            ids is null || ids.Contains((change.Kind.TypeName, change.Document.Id))
                ? new DocumentChangedEvent(change.Kind, change.Document, change.Action, change.At)
                : null);
    }

    private static async Task<IObservable<object?>> StoryWorkflowChangedAsync(IResolveFieldContext<object?> context)
    {
        IReadOnlySet<string>? scope = null;
        if (context.GetArgument<string?>("organizationId") is { } organizationId)
        {
            var decoded = GlobalId.Decode(organizationId, Kinds.Organization.TypeName);
            if (!decoded.IsSuccess)
                throw Refusal(decoded.Error!.Code, decoded.Error.Message);
            var local = decoded.Value.LocalId;
            scope = await context.Request().Reader.OrganizationSubtreeAsync(local, context.CancellationToken);
        }
        return Stream(context, [Kinds.Story], change =>
            change.Document is Story story
            && (change.Previous is not Story previous || previous.Status != story.Status)
            && (scope is null || scope.Contains(story.SubmittingOrganizationId))
                ? new StoryWorkflowEvent(story, (change.Previous as Story)?.Status, change.Action, change.At)
                : null);
    }

    private static ChangeStream Stream(IResolveFieldContext context, IReadOnlyCollection<DocumentKind> kinds, Func<DocumentChange, object?> select)
    {
        var request = context.Request();
        var sink = request.TryGetValue(SubscriptionSink.Key, out var value) ? value as SubscriptionSink : null;
        return new ChangeStream(context.RequestServices!.GetRequiredService<ChangeNotifier>(), request.Caller, kinds.ToHashSet(), select, sink);
    }

    private static ExecutionError Refusal(string code, string message) => new(message) { Code = code };
}

public sealed class DocumentKindGraphType : EnumerationGraphType
{
    public DocumentKindGraphType()
    {
        Name = "DocumentKind";
        Description = "A kind of stored document.";
        this.AddKinds(Kinds.All, k => k.Description);
    }
}

public sealed class DocumentChangedEventType : ObjectGraphType<DocumentChangedEvent>
{
    public DocumentChangedEventType()
    {
        Name = "DocumentChangedEvent";
        Description = "A committed change to a document the subscriber may see.";
        Field<NonNullGraphType<DocumentKindGraphType>>("kind").Description("The kind of document.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<IdGraphType>>("id").Description("The document's global ID.").Resolve(c => GlobalId.Encode(c.Source.Kind.TypeName, c.Source.Document.Id));
        Field<NonNullGraphType<IntGraphType>>("version").Description("The version the change made.").Resolve(c => checked((int)c.Source.Document.Version));
        Field<NonNullGraphType<DocumentActionGraphType>>("action").Description("What kind of change it was, as in revisions: CREATE, UPDATE, SUBMIT, APPROVE, PUBLISH, IMPORT …").Resolve(c => DocumentActions.Parse(c.Source.Action));
        Field<NonNullGraphType<DateTimeType>>("at").Description("When it was committed.").Resolve(c => c.Source.At);
        Field<NonNullGraphType<NodeInterface>>("document").Description("The document as this change left it.").Resolve(c => c.Source.Document);
    }
}

public sealed class StoryWorkflowEventType : ObjectGraphType<StoryWorkflowEvent>
{
    public StoryWorkflowEventType()
    {
        Name = "StoryWorkflowEvent";
        Description = "A story's step through the editorial workflow.";
        Field<NonNullGraphType<StoryGraphType>>("story").Description("The story as this step left it.").Resolve(c => c.Source.Story);
        Field<StoryStatusGraphType>("from").Description("The status before; null when the story was just submitted.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<StoryStatusGraphType>>("to").Description("The status now.").Resolve(c => c.Source.Story.Status);
        Field<NonNullGraphType<DocumentActionGraphType>>("action").Description("The step, as in revisions: SUBMIT, START_REVIEW, APPROVE, PUBLISH …").Resolve(c => DocumentActions.Parse(c.Source.Action));
        Field<NonNullGraphType<DateTimeType>>("at").Description("When it was taken.").Resolve(c => c.Source.At);
    }
}

/// <summary>
/// Resolves each event of a subscription with its own <see cref="RequestContext"/> (same caller, new loaders): an event
/// must read documents as they are now, not as an earlier event cached them.
/// </summary>
public sealed class PerEventSubscriptionExecutionStrategy : SubscriptionExecutionStrategy
{
    protected override ValueTask<ExecutionResult> ProcessDataAsync(global::GraphQL.Execution.ExecutionContext context, ExecutionNode node, object? value)
    {
        if (context.UserContext is RequestContext request)
            context.UserContext = request.ForNextEvent();
        return base.ProcessDataAsync(context, node, value);
    }
}
