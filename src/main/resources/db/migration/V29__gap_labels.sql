-- Gap labels (issue 22): where and why a real episode departs from its simulated twin. A label row's kind names its
-- shape; a gap is stored like a phase (class_key holds its failure mode, start_ns and end_ns its interval).
alter table label drop constraint label_kind_check;
alter table label add constraint label_kind_check
    check (kind in ('phase', 'gap', 'event', 'value', 'box2d', 'cuboid3d'));
