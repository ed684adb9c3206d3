using System.Linq;
using Rekor.Generators.Binding;
using Rekor.Generators.Model;

namespace Rekor.Generators.Emit
{
    /// <summary>
    /// Emits the typed client: a partial <c>RekorClient</c> over an <c>HttpClient</c> with one async method per
    /// operation. Requests are built here; sending, status checks, JSON and errors are Rekor.Core's
    /// <c>Rekor.Core.Client.ApiTransport</c>, so the generated text stays a plain list of operations.
    /// </summary>
    internal static class ClientEmitter
    {
        public const string ClassName = "RekorClient";
        private const string Runtime = "global::Rekor.Core.Client";
        private static readonly string[] CancellationParameter = { "global::System.Threading.CancellationToken cancellationToken = default" };

        public static string Emit(ClientSpec spec)
        {
            using var writer = new SourceWriter();
            writer.Open("namespace " + spec.Namespace);
            writer.Line("/// <summary>");
            writer.Line("/// The operations of the API description, one method each. Give it an <see cref=\"global::System.Net.Http.HttpClient\"/> whose");
            writer.Line("/// <c>BaseAddress</c> is the server's URL (a typed client of <c>IHttpClientFactory</c> works as it is). An answer");
            writer.Line("/// other than success throws <see cref=\"" + Runtime + ".RekorApiException\"/> with the server's status and error message.");
            writer.Line("/// </summary>");
            writer.Line(ModelEmitter.GeneratedCode);
            writer.Open("public partial class " + ClassName);
            writer.Line("/// <summary>Sends every request through <paramref name=\"httpClient\"/>, whose <c>BaseAddress</c> is the server's URL.</summary>");
            writer.Open("public " + ClassName + "(global::System.Net.Http.HttpClient httpClient)");
            writer.Line("global::System.ArgumentNullException.ThrowIfNull(httpClient);");
            writer.Line("HttpClient = httpClient;");
            writer.Close();
            writer.Line();
            writer.Line("/// <summary>The HTTP client every request goes through.</summary>");
            writer.Line("public global::System.Net.Http.HttpClient HttpClient { get; }");
            foreach (var operation in spec.Operations)
            {
                writer.Line();
                EmitOperation(writer, operation);
            }

            writer.Close();
            writer.Close();
            return writer.ToString();
        }

        private static void EmitOperation(SourceWriter writer, ClientOperation operation)
        {
            writer.Summary((operation.Summary ?? operation.OperationId) + " (" + operation.HttpMethod + " " + operation.Path + ", " + operation.OperationId + ")");
            if (operation.Description is { Length: > 0 } || operation.Deprecated)
            {
                writer.Remarks((operation.Deprecated ? "Deprecated by the API description. " : string.Empty) + (operation.Description ?? string.Empty));
            }

            foreach (var parameter in operation.Parameters)
            {
                writer.Param(parameter.Identifier.TrimStart('@'), parameter.Description ?? "The " + parameter.Location + " parameter " + parameter.Name + ".");
            }

            writer.Param("cancellationToken", "Cancels the request.");
            var returns = operation.ResultType is null
                ? "global::System.Threading.Tasks.Task"
                : "global::System.Threading.Tasks.Task<" + operation.ResultType + ">";
            var arguments = operation.Parameters
                .Select(p => p.ClrType + " " + p.Identifier + (p.Required ? string.Empty : " = null"))
                .Concat(CancellationParameter);
            writer.Open("public async " + returns + " " + operation.MethodName + "(" + string.Join(", ", arguments) + ")");
            foreach (var parameter in operation.Parameters.Where(p => p.Required && !p.IsValueType))
            {
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(" + parameter.Identifier + ");");
            }

            writer.Line("var __query = new " + Runtime + ".ApiQuery();");
            foreach (var parameter in operation.Parameters.Where(p => p.Location == "query"))
            {
                writer.Line("__query.Add(" + Naming.Literal(parameter.Name) + ", " + parameter.Identifier + ");");
            }

            writer.Line("using var __request = new global::System.Net.Http.HttpRequestMessage(new global::System.Net.Http.HttpMethod("
                + Naming.Literal(operation.HttpMethod) + "), " + PathExpression(operation) + " + __query.ToString());");
            foreach (var parameter in operation.Parameters.Where(p => p.Location == "header"))
            {
                writer.Line(Runtime + ".ApiTransport.AddHeader(__request, " + Naming.Literal(parameter.Name) + ", " + parameter.Identifier + ");");
            }

            foreach (var parameter in operation.Parameters.Where(p => p.Location == "body"))
            {
                writer.Line("__request.Content = " + Runtime + ".ApiTransport.JsonBody(" + parameter.Identifier + ");");
            }

            var operationId = Naming.Literal(operation.OperationId);
            if (operation.ResultType is null)
            {
                writer.Line("await " + Runtime + ".ApiTransport.SendAsync(HttpClient, __request, " + operationId + ", cancellationToken).ConfigureAwait(false);");
            }
            else if (operation.ResultIsJson)
            {
                writer.Line("return await " + Runtime + ".ApiTransport.ReadJsonAsync<" + operation.ResultType + ">(HttpClient, __request, " + operationId + ", cancellationToken).ConfigureAwait(false);");
            }
            else
            {
                writer.Line("return await " + Runtime + ".ApiTransport.ReadTextAsync(HttpClient, __request, " + operationId + ", cancellationToken).ConfigureAwait(false);");
            }

            writer.Close();
        }

        /// <summary>The request path as a C# expression: literal pieces and escaped path parameters, relative to the base address.</summary>
        private static string PathExpression(ClientOperation operation)
        {
            var parts = operation.PathSegments
                .Select((segment, i) => i % 2 == 0 ? Naming.Literal(segment) : Runtime + ".ApiTransport.PathValue(" + segment + ")")
                .Where(part => part != "\"\"");
            var expression = string.Join(" + ", parts);
            return expression.Length == 0 ? "\"\"" : expression;
        }
    }
}
