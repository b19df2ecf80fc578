package dev.unroll.app;
public final class ShellFixturesAccess { public static String verses(int n) { return ShellFixtures.verses(n, 7); } }
