global using Floxide;
