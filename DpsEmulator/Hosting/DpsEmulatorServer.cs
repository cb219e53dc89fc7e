using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NanoDps.Emulator;

/// <summary>
/// A local Azure IoT Device Provisioning Service for tests and development: the DPS device REST
/// API (register, poll, status lookup) with symmetric-key SAS authentication, enrollment groups and
/// individual enrollments, asynchronous assignment, quotas, fault injection, and the IoT hub
/// device-to-cloud endpoint of the assigned hubs, over HTTPS (TLS 1.2+) with its own root CA.
/// </summary>
/// <example>
/// <code>
/// await using var dps = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = dir, CreateDemoEnrollment = false });
/// await dps.Enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup { EnrollmentGroupId = "fleet", PrimaryKey = SymmetricKeys.GenerateKey(), IotHubs = ["hub-1.dps-emulator.local"] });
/// using var http = new HttpClient(dps.CreateHttpHandler()) { BaseAddress = dps.BaseAddress };
/// </code>
/// </example>
public sealed class DpsEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CertificateAuthority _authority;
    private readonly RegistrationStore _store;
    private readonly Assignments _assignments;
    private readonly DataFolderLock _dataLock;
    private readonly FaultInjector _faults;
    private readonly ILogger _logger;
    private EnrollmentsExport? _export;
    private CustomAllocator? _custom;
    private int _disposed;

    private DpsEmulatorServer(
        DpsEmulatorOptions options,
        string dataFolder,
        WebApplication app,
        CertificateAuthority authority,
        RegistrationStore store,
        Assignments assignments,
        EnrollmentManager enrollments,
        RequestLog requestLog,
        HubMessageStore messages,
        EnrollmentGroup? demo,
        DataFolderLock dataLock,
        FaultInjector faults,
        bool dashboardSignInRequired,
        ILogger logger)
    {
        _dataLock = dataLock;
        _faults = faults;
        DashboardSignInRequired = dashboardSignInRequired;
        Options = options;
        DataFolder = dataFolder;
        _app = app;
        _authority = authority;
        _store = store;
        _assignments = assignments;
        Enrollments = enrollments;
        RequestLog = requestLog;
        Messages = messages;
        CreatedDemoEnrollment = demo;
        _logger = logger;
    }

    /// <summary>The options the server was started with (do not change them after start).</summary>
    public DpsEmulatorOptions Options { get; }

    /// <summary>Full path of the data folder.</summary>
    public string DataFolder { get; }

    /// <summary>The TCP port listened on.</summary>
    public int Port { get; private set; }

    /// <summary>The DPS endpoint, e.g. <c>https://127.0.0.1:8443/</c> (the listen address; <c>localhost</c> for a wildcard one).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The id scope of this instance.</summary>
    public string IdScope => Enrollments.IdScope;

    /// <summary>Full path of <c>ca.pem</c>, the root to trust (and only it).</summary>
    public string CaCertificatePath => _authority.CaPath;

    /// <summary>The root CA certificate (public part).</summary>
    public X509Certificate2 CaCertificate => _authority.CaCertificate;

    /// <summary>Enrollments; changes are committed to the store, apply at once, and are copied to <c>enrollments.json</c>.</summary>
    public EnrollmentManager Enrollments { get; }

    /// <summary>The request log.</summary>
    public RequestLog RequestLog { get; }

    /// <summary>Device-to-cloud messages received on the hub endpoint.</summary>
    public HubMessageStore Messages { get; }

    /// <summary>
    /// True when the dashboard (<c>/</c>) and the emulator API (<c>/emulator/</c>) ask for the
    /// service key: the emulator listens beyond loopback, or <see cref="DpsEmulatorOptions.DashboardSignIn"/> says so.
    /// </summary>
    public bool DashboardSignInRequired { get; }

    /// <summary>The fault profile in force and the seed its sequence started from (<see cref="SetFaults"/> changes them).</summary>
    public (FaultProfile Profile, int Seed) CurrentFaults => _faults.Current;

    /// <summary>
    /// Puts another fault profile in force while the emulator runs, from the next request on; its
    /// sequence starts from <paramref name="seed"/>, so <see cref="FaultProfile.Preview"/> with that
    /// seed predicts the requests from now on. The dashboard and <c>PUT /emulator/faults</c> do the same.
    /// </summary>
    /// <exception cref="ArgumentException">The profile's rates are invalid.</exception>
    public void SetFaults(FaultProfile profile, int seed) => _faults.Switch(profile, seed);

    /// <summary>The demo enrollment group created at this start (no <c>enrollments.json</c> existed), with its keys; else null.</summary>
    public EnrollmentGroup? CreatedDemoEnrollment { get; }

    /// <summary>
    /// The host name of the service API's connection string: <c>localhost</c> when listening on
    /// loopback or every address, else the listen address. Without a port: the Node and C# service
    /// SDKs take none (give them <see cref="Port"/> another way; the Azure CLI takes <c>HostName=host:port</c>).
    /// </summary>
    public string ServiceHostName { get; private init; } = "localhost";

    /// <summary>
    /// The service API's connection string, <c>HostName={ServiceHostName};SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=..</c>.
    /// A secret: never log it.
    /// </summary>
    public string ServiceConnectionString { get; private init; } = string.Empty;

    /// <summary>Full path of <c>service-connection-string.txt</c> (0600), which holds <see cref="ServiceConnectionString"/>.</summary>
    public string ServiceConnectionStringPath { get; private init; } = string.Empty;

    /// <summary>
    /// Starts an emulator: loads or creates the data folder (enrollments, CA and server certificate,
    /// registrations database), then listens for HTTPS. It runs until <see cref="DisposeAsync"/>;
    /// it does not handle Ctrl+C, SIGTERM or process exit (those stay with the calling program).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    /// <exception cref="InvalidDataException"><c>enrollments.json</c> is not valid.</exception>
    /// <exception cref="EmulatorEnvironmentException">
    /// The data folder cannot be created, written or locked (another emulator uses it), <c>registrations.db</c>
    /// is not a database, or the port is in use or not permitted.
    /// </exception>
    public static async Task<DpsEmulatorServer> StartAsync(DpsEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("NanoDps.Emulator");
        var folder = Path.GetFullPath(options.DataFolder);
        CheckPortIsFree(options); // before the data folder, the CA and the demo keys are created
        var dataLock = DataFolderLock.Acquire(folder);
        var cleanup = new Stack<Func<ValueTask>>();
        cleanup.Push(() => { dataLock.Dispose(); return ValueTask.CompletedTask; });
        try
        {
            // The store first: it holds the enrollments (enrollments.json is their import and export copy).
            var store = new RegistrationStore(Path.Combine(folder, RegistrationStore.FileName), logger);
            cleanup.Push(store.DisposeAsync);
            var (enrollments, demo, export) = await WritingDataFolderAsync(folder, () => EnrollmentStartup.LoadAsync(folder, store, options, logger)).ConfigureAwait(false);
            cleanup.Push(export.DisposeAsync);
            var authority = WritingDataFolder(folder, () => CertificateAuthority.LoadOrCreate(folder, enrollments.HubNames, logger));
            cleanup.Push(() => { authority.Dispose(); return ValueTask.CompletedTask; });
            enrollments.HubNamesChanged += authority.EnsureServerCertificate;
            var credentials = WritingDataFolder(folder, () => ServiceCredentials.LoadOrCreate(folder, logger));
            var serviceHost = ServiceHostNameFor(options.ListenAddress);
            export.Start();

            var requestLog = new RequestLog(options.RequestLogCapacity, options.WriteRequestLogFile ? Path.Combine(folder, RequestLog.FileName) : null);
            cleanup.Push(requestLog.CloseAsync);
            var messages = new HubMessageStore(options.HubMessageCapacity, options.HubMessageBytes, options.HubMessageBytesPerDevice);
            var custom = new CustomAllocator(options, requestLog, logger);
            cleanup.Push(() => { custom.Dispose(); return ValueTask.CompletedTask; });
            var assignments = new Assignments(store, enrollments, options, logger, custom);
            var quotas = new QuotaGate(options.Quotas, options.TimeProvider);
            var faults = new FaultInjector(options.Faults, options.FaultSeed);
            string[] serviceHostNames = [serviceHost, "localhost", "127.0.0.1", "::1", options.ListenAddress.ToString()];
            var deviceErrors = new DeviceErrors(options);
            var hubErrors = new HubErrors(options);
            var serviceErrors = new ServiceErrors(options);
            var dps = new DpsHandler(options, assignments, deviceErrors);
            var hub = new HubHandler(options, messages, hubErrors);
            var service = new ServiceApiHandler(enrollments, store, assignments, serviceErrors);
            var pipeline = new RequestPipeline(
                new RequestChecks(quotas, options.Quotas, logger),
                new Api(ApiVersions.Dps, deviceErrors, dps.InvalidIdentifier, new DeviceAuthenticator(enrollments, options),
                    (_, route) => $"{route.Kind} of {route.RegistrationId}", dps.HandleAsync),
                new Api(ApiVersions.Hub, hubErrors, _ => null, new HubAuthenticator(enrollments, store, options),
                    (_, route) => "hub message of " + route.DeviceId, hub.HandleAsync),
                new Api(ApiVersions.Dps, serviceErrors, route => serviceErrors.InvalidId(route.Service!), new ServiceAuthenticator(credentials, serviceHostNames, options),
                    (request, _) => $"service API {request.Method} {request.Path.Value}", (request, route, _) => service.HandleAsync(request, route)),
                deviceErrors,
                hubErrors,
                faults,
                requestLog,
                options,
                logger);
            var signInRequired = options.DashboardSignIn ?? DashboardAccess.IsRequiredFor(options.ListenAddress);
            var serviceKey = credentials.Keys[0];
            var dashboard = new DashboardEndpoints(
                new DashboardState(enrollments, store, requestLog, messages, quotas, faults, options, signInRequired),
                new DashboardAccess(signInRequired, serviceKey, options.TimeProvider),
                enrollments,
                faults,
                logger);

            var app = BuildApp(options, loggerFactory, authority, pipeline, dashboard);
            cleanup.Push(app.DisposeAsync);
            await StartListeningAsync(app, options, cancellationToken).ConfigureAwait(false);
            var server = new DpsEmulatorServer(options, folder, app, authority, store, assignments, enrollments, requestLog, messages, demo, dataLock, faults, signInRequired, logger)
            {
                _export = export,
                _custom = custom,
                ServiceHostName = serviceHost,
                ServiceConnectionString = credentials.ConnectionString(serviceHost),
                ServiceConnectionStringPath = WritingDataFolder(folder, () => credentials.WriteConnectionString(folder, serviceHost)),
            };
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.Port = new Uri(address).Port;
            var host = options.ListenAddress.Equals(IPAddress.Any) || options.ListenAddress.Equals(IPAddress.IPv6Any) ? "localhost"
                : options.ListenAddress.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{options.ListenAddress}]"
                : options.ListenAddress.ToString();
            server.BaseAddress = new Uri($"https://{host}:{server.Port}/");
            logger.LogInformation("DPS emulator listening on {Url} (id scope {IdScope}, data {Folder}).", server.BaseAddress, enrollments.IdScope, folder);
            return server;
        }
        catch
        {
            while (cleanup.TryPop(out var undo))
            {
                await undo().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>The web host's services (for tests).</summary>
    internal IServiceProvider HostServices => _app.Services;

    /// <summary>The stored registration of a registration id (case-insensitive), or null.</summary>
    public RegistrationRecord? GetRegistration(string registrationId) => _store.Find(registrationId);

    /// <summary>
    /// The initial twin (JSON text) a custom allocation webhook gave <paramref name="deviceId"/> of
    /// <paramref name="hubName"/>, or null. Kept in memory: the emulated hubs have no twins of their own.
    /// </summary>
    public string? GetInitialTwin(string hubName, string deviceId) => _custom?.InitialTwin(hubName, deviceId);

    /// <summary>All stored registrations.</summary>
    public IReadOnlyList<RegistrationRecord> Registrations => _store.All;

    /// <summary>The address of a hub's endpoint on this listener, e.g. <c>https://hub-1.dps-emulator.local:8443/</c>.</summary>
    public Uri GetHubAddress(string hubName) => new($"https://{hubName}:{Port}/");

    /// <summary>
    /// True when <paramref name="certificate"/> chains to this emulator's CA (and only it: no system
    /// root is trusted) and matched the host name. Usable as
    /// <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>.
    /// </summary>
    public bool ValidateServerCertificate(object? sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        CustomRootTrust.Validate(CaCertificate, certificate, errors);

    /// <summary>
    /// An HTTP handler for clients of this emulator: trusts only the emulator CA, and connects every
    /// linked hub host name and <c>localhost</c> to this listener (so hub URLs work with TLS to the
    /// hub name, like curl's <c>--resolve</c>); other names resolve normally.
    /// </summary>
    public SocketsHttpHandler CreateHttpHandler()
    {
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ValidateServerCertificate },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var host = context.DnsEndPoint.Host;
                EndPoint endpoint = host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                    || Enrollments.HubNames.Contains(host.ToLowerInvariant())
                        ? new IPEndPoint(Options.ListenAddress.Equals(IPAddress.Any) ? IPAddress.Loopback : Options.ListenAddress, context.DnsEndPoint.Port)
                        : context.DnsEndPoint;
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    /// <summary>Stops listening (in-flight requests get up to 5 s), then closes the database and the log file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _logger.LogWarning("Some requests were still running when the emulator stopped.");
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        if (_export is not null)
        {
            await _export.DisposeAsync().ConfigureAwait(false);
        }

        _custom?.Dispose();
        await _store.DisposeAsync().ConfigureAwait(false);
        await RequestLog.CloseAsync().ConfigureAwait(false);
        _authority.Dispose();
        _dataLock.Dispose();
        _logger.LogInformation("DPS emulator stopped: registrations and {Operations} pending operation(s) kept in {Folder}, answered after a restart.", _assignments.OperationCount, DataFolder);
    }

    /// <summary>Runs a step that writes into the data folder; a refusal of the file system becomes one clear error.</summary>
    private static T WritingDataFolder<T>(string folder, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or (IOException and not EmulatorEnvironmentException))
        {
            throw new EmulatorEnvironmentException(
                $"cannot write to the data folder {folder} ({e.Message.TrimEnd('.')}); fix its permissions or free space, or choose another with --data.", e);
        }
    }

    /// <inheritdoc cref="WritingDataFolder{T}"/>
    private static async Task<T> WritingDataFolderAsync<T>(string folder, Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or (IOException and not EmulatorEnvironmentException))
        {
            throw new EmulatorEnvironmentException(
                $"cannot write to the data folder {folder} ({e.Message.TrimEnd('.')}); fix its permissions or free space, or choose another with --data.", e);
        }
    }

    /// <summary>The service API's host name for a listen address (see <see cref="ServiceHostName"/>).</summary>
    private static string ServiceHostNameFor(IPAddress listen) =>
        IPAddress.IsLoopback(listen) || listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any) ? "localhost" : listen.ToString();

    /// <summary>Starts Kestrel; a port that is taken or not permitted becomes one clear error.</summary>
    private static async Task StartListeningAsync(WebApplication app, DpsEmulatorOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (SocketErrorOf(e) is { } error)
        {
            throw ListenRefused(options, error, e);
        }
    }

    /// <summary>A fixed port that another program holds (or this user may not use) is refused before anything is written.</summary>
    private static void CheckPortIsFree(DpsEmulatorOptions options)
    {
        if (options.Port == 0)
        {
            return;
        }

        using var probe = new Socket(options.ListenAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel binds: a port in TIME_WAIT is free, one with a listener is not.
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            probe.Bind(new IPEndPoint(options.ListenAddress, options.Port));
        }
        catch (SocketException e)
        {
            throw ListenRefused(options, e.SocketErrorCode, e);
        }
    }

    private static EmulatorEnvironmentException ListenRefused(DpsEmulatorOptions options, SocketError error, Exception e)
    {
        var where = $"port {options.Port} on {options.ListenAddress}";
        return error switch
        {
            SocketError.AddressAlreadyInUse => new EmulatorEnvironmentException(
                $"{where} is already in use (another emulator or program listens there); stop it, or choose another port with --port (0 picks a free one).", e),
            SocketError.AccessDenied => new EmulatorEnvironmentException(
                $"{where} is not permitted for this user (ports below 1024 need privileges); choose a port of 1024 or more with --port.", e),
            SocketError.AddressNotAvailable => new EmulatorEnvironmentException(
                $"{options.ListenAddress} is not an address of this machine; choose one with --listen (127.0.0.1 by default).", e),
            _ => new EmulatorEnvironmentException($"cannot listen on {where} ({error}); choose another port with --port or address with --listen.", e),
        };
    }

    private static SocketError? SocketErrorOf(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }

    private static WebApplication BuildApp(DpsEmulatorOptions options, ILoggerFactory loggerFactory, CertificateAuthority authority, RequestPipeline pipeline, DashboardEndpoints dashboard)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        // The host's own "Hosting failed to start" error repeats, with a stack trace, what StartAsync throws.
        builder.Services.AddSingleton<ILoggerFactory>(new HostLoggerFactory(loggerFactory));
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // Not the default console lifetime: a library must leave Ctrl+C, SIGTERM and process exit
        // to the program that embeds it.
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, EmbeddedHostLifetime>());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = HubHandler.MaxMessageBytes + 1;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Listen(options.ListenAddress, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    HandshakeTimeout = TimeSpan.FromSeconds(10),
                    OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = authority.Server.Context,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        ApplicationProtocols = [SslApplicationProtocol.Http11],
                        ClientCertificateRequired = false,
                    }),
                });
                ParserRejectionBodies.Use(listen, options.TimeProvider);
            });
        });

        var app = builder.Build();
        app.Use(dashboard.HandleAsync);
        app.Run(pipeline.HandleAsync);
        return app;
    }
}
