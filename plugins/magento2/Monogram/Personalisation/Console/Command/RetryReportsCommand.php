<?php

/**
 * bin/magento monogram:reports:retry — sends the due order reports now; with --failed, first
 * puts back the reports Monogram refused or that were given up (after fixing the keys, say).
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Console\Command;

use Monogram\Personalisation\Cron\RetryReports;
use Monogram\Personalisation\Model\ReportQueue;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

class RetryReportsCommand extends Command
{
    public const NAME = 'monogram:reports:retry';

    public function __construct(
        private readonly ReportQueue $queue,
        private readonly RetryReports $retryReports
    ) {
        parent::__construct();
    }

    protected function configure(): void
    {
        $this->setName(self::NAME);
        $this->setDescription('Send the queued Monogram order reports now.');
        $this->addOption('failed', null, InputOption::VALUE_NONE, 'Also resend the reports that failed for good.');
        parent::configure();
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        if ($input->getOption('failed')) {
            $output->writeln(sprintf('%d failed reports put back in the queue.', $this->queue->requeueFailed()));
        }
        $counts = $this->retryReports->run(1000);
        $output->writeln(sprintf(
            '%d reports sent, %d accepted by Monogram, %d left for later.',
            $counts['attempted'],
            $counts['done'],
            $counts['waiting']
        ));
        return 0;
    }
}
