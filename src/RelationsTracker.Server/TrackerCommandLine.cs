using JasperFx.CodeGeneration.Commands;
using JasperFx.CommandLine;
using JasperFx.CommandLine.Commands;
using JasperFx.CommandLine.Help;
using JasperFx.Resources;
using RelationsTracker.Relationships;

namespace RelationsTracker.Server;

/// <summary>
/// The <c>relations</c> command line: the tracker's commands and the few framework commands an operator needs
/// (run, codegen, resources). JasperFx's own entry point searches every referenced assembly for commands, prints a line
/// for each one it searches, and offers some two dozen framework commands; this one registers only these.
/// </summary>
public static class TrackerCommandLine
{
    private static readonly Dictionary<Type, string> Maintenance = new()
    {
        [typeof(RunCommand)] = "Run the server (what the executable does when given no command)",
        [typeof(GenerateCodeCommand)] = "Write (codegen write) or check the code Wolverine generates for handlers and endpoints",
        [typeof(ResourcesCommand)] = "Check or set up the database objects the server needs",
    };

    /// <summary>Whether these arguments start the server, rather than run a command and exit.</summary>
    public static bool ServesHttp(string[] args) => args.Length == 0 || args[0] == "run" || args[0].StartsWith('-') && !IsHelp(args[0]);

    /// <summary>Whether these arguments write or check the code generated for the handlers and endpoints.</summary>
    public static bool GeneratesCode(string[] args) => args.Length > 0 && args[0] == "codegen";

    /// <summary>
    /// Where <c>codegen write</c> writes: Internal/Generated in the server's project, found above the executable built
    /// from it, whatever folder the command is typed in; null when the executable was not built from the sources.
    /// </summary>
    public static string? GeneratedCodeFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RelationsTracker.Server.csproj")))
            {
                return Path.Combine(folder.FullName, "Internal", "Generated");
            }
        }

        return null;
    }

    /// <summary>
    /// Whether these arguments ask for help, or name no command (which is answered with help): that needs neither the
    /// database nor the host.
    /// </summary>
    public static bool AsksForHelp(string[] args) =>
        !ServesHttp(args) && (args[0] is "help" or "?" || IsHelp(args[0]) || !IsCommand(Factory(), args[0]));

    /// <summary>Runs the command; <paramref name="host"/> may be null only for help.</summary>
    public static Task<int> RunAsync(IHost? host, string[] args)
    {
        if (ServesHttp(args))
        {
            // The host has read its flags (--urls, --environment...) as configuration already.
            args = ["run"];
        }

        var factory = Factory();
        factory.ConfigureRun = run =>
        {
            if (run.Input is IHostBuilderInput input)
            {
                input.HostBuilder = new BuiltHost(host ?? throw new InvalidOperationException("This command needs the host."));
            }
        };
        args = args.Select(a => IsHelp(a) ? "help" : a).ToArray();
        if (!IsCommand(factory, args[0]) && args[0] is not ("?" or "help"))
        {
            // An unknown command gets the same list as help, after saying so.
            args = ["help", args[0]];
        }

        return new CommandExecutor(factory).ExecuteAsync(args);
    }

    private static TrackerCommandFactory Factory()
    {
        var factory = new TrackerCommandFactory();
        factory.SetAppName("relations");
        factory.RegisterCommands(typeof(StatusCommand).Assembly);
        foreach (var command in Maintenance.Keys)
        {
            factory.RegisterCommand(command);
        }

        return factory;
    }

    private static bool IsCommand(CommandFactory factory, string argument) =>
        factory.AllCommandTypes().Select(CommandFactory.CommandNameFor).Contains(argument.ToLowerInvariant());

    private static bool IsHelp(string argument) => argument is "--help" or "-h";

    /// <summary>Lists the tracker's commands first, then the maintenance ones, each with its one-line description.</summary>
    private sealed class TrackerCommandFactory : CommandFactory
    {
        public override CommandRun HelpRun(Queue<string> queue)
        {
            var run = base.HelpRun(queue);
            var help = (HelpInput)run.Input;
            help.AppName = "relations";
            return help.Usage is null ? new CommandRun { Command = new ListCommand(), Input = help } : run;
        }
    }

    private sealed class ListCommand : JasperFxCommand<HelpInput>
    {
        public override bool Execute(HelpInput input)
        {
            if (input.InvalidCommandName)
            {
                Console.WriteLine($"'{input.Name}' is not a command.");
                Console.WriteLine();
            }

            var tracker = input.CommandTypes.Where(t => !Maintenance.ContainsKey(t) && t != typeof(HelpCommand));
            Console.WriteLine("Usage: relations <command> [arguments] [flags]; relations help <command> for its arguments and flags.");
            Write("Commands", tracker.Select(t => (CommandFactory.CommandNameFor(t), CommandFactory.DescriptionFor(t))));
            Write("Maintenance", Maintenance.Select(m => (CommandFactory.CommandNameFor(m.Key), m.Value)));
            return !input.InvalidCommandName;
        }

        private static void Write(string title, IEnumerable<(string Name, string Description)> commands)
        {
            Console.WriteLine();
            Console.WriteLine($"{title}:");
            foreach (var (name, description) in commands.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                Console.WriteLine($"  {name,-18} {description}");
            }
        }
    }

    /// <summary>
    /// Hands the commands the host the server has already built. What a command would change in a host still being
    /// built (its logging, its environment) is fixed by then, and ignored without a word.
    /// </summary>
    private sealed class BuiltHost(IHost host) : IHostBuilder
    {
        public IDictionary<object, object> Properties { get; } = new Dictionary<object, object>();

        public IHost Build() => host;

        public IHostBuilder ConfigureHostConfiguration(Action<IConfigurationBuilder> configureDelegate) => this;

        public IHostBuilder ConfigureAppConfiguration(Action<HostBuilderContext, IConfigurationBuilder> configureDelegate) => this;

        public IHostBuilder ConfigureServices(Action<HostBuilderContext, IServiceCollection> configureDelegate) => this;

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory)
            where TContainerBuilder : notnull => this;

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(Func<HostBuilderContext, IServiceProviderFactory<TContainerBuilder>> factory)
            where TContainerBuilder : notnull => this;

        public IHostBuilder ConfigureContainer<TContainerBuilder>(Action<HostBuilderContext, TContainerBuilder> configureDelegate) => this;
    }
}
