using System.CommandLine;
using System.CommandLine.Parsing;

namespace MnistCourse.Cli;

/// <summary>The one line to print for a command line that did not parse, naming the option and the fix.</summary>
internal static class CommandLineErrors
{
    const string SeeHelp = "(see mnist-course train --help)";

    public static string? FirstError(ParseResult parse, IReadOnlyList<string> args)
    {
        if (parse.Errors.Count == 0) return null;
        var tokens = parse.Tokens;
        if (tokens.Count > 0 && tokens[0].Type != TokenType.Command && !tokens[0].Value.StartsWith('-'))
            return $"unknown command '{tokens[0].Value}'; the command is train. Usage: mnist-course train [options]";
        if (parse.CommandResult.Command is RootCommand)
            return "no command given. Usage: mnist-course train [options]   (mnist-course train --help lists them)";
        if (parse.UnmatchedTokens.FirstOrDefault() is { } unmatched)
        {
            // "--no-report=yes" arrives split into the flag and an unmatched "yes".
            if (args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && a.EndsWith("=" + unmatched, StringComparison.Ordinal)) is { } joined)
                return $"{joined[..joined.IndexOf('=')]} takes no value, got '{joined}' {SeeHelp}";
            return unmatched.StartsWith('-')
                ? $"unknown option '{unmatched.Split('=')[0]}' {SeeHelp}"
                : $"stray argument '{unmatched}'; options start with -- {SeeHelp}";
        }
        var first = parse.Errors[0];
        var option = first.SymbolResult switch
        {
            OptionResult o => o,
            ArgumentResult { Parent: OptionResult o } => o,
            _ => null,
        };
        if (first.Message.StartsWith("--", StringComparison.Ordinal)) return first.Message;
        if (option is not null && option.Tokens.Count == 0) return $"{option.Option.Name} needs a value {SeeHelp}";
        if (option is not null) return $"{option.Option.Name}: {first.Message} {SeeHelp}";
        return $"{first.Message} {SeeHelp}";
    }
}
