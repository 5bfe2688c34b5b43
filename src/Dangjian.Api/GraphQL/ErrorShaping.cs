using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.GraphQL;

/// <summary>
/// How errors look to clients: a stable code on every error, no exception details ever, an opaque message for
/// anything unexpected, and (outside Development, unless configured) no "Did you mean …" field suggestions, which
/// would otherwise map the schema for someone with introspection turned off.
/// </summary>
public sealed partial class ErrorShaping(IOptions<GraphQLOptions> options, IHostEnvironment environment)
    : ErrorInfoProvider(new ErrorInfoProviderOptions { ExposeExceptionDetails = false, ExposeCode = true, ExposeCodes = false, ExposeData = true })
{
    public const string InternalCode = Core.ErrorCodes.Internal;

    private readonly bool _suggestions = options.Value.FieldSuggestions ?? environment.IsDevelopment();

    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        if (executionError is UnhandledError)
            executionError.Code = InternalCode;
        var info = base.GetInfo(executionError);
        return _suggestions ? info : info with { Message = Suggestion().Replace(info.Message, "") };
    }

    [GeneratedRegex(@"\s*Did you mean .*$", RegexOptions.Singleline, matchTimeoutMilliseconds: 100)]
    private static partial Regex Suggestion();
}
