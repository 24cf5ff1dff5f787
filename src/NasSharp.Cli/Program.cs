using NasSharp.Cli;

return NasCommand.Run(args);
