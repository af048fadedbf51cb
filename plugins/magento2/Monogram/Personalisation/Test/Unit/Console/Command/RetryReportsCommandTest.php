<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Console\Command;

use Monogram\Personalisation\Console\Command\RetryReportsCommand;
use Monogram\Personalisation\Cron\RetryReports;
use Monogram\Personalisation\Model\Http\Response;
use Monogram\Personalisation\Model\ReportQueue;
use Monogram\Personalisation\Test\Fake\ScriptedTransport;
use Monogram\Personalisation\Test\Unit\Fixture;
use PHPUnit\Framework\TestCase;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

class RetryReportsCommandTest extends TestCase
{
    public function testAfterFixingTheKeyTheMerchantResendsFailedReports(): void
    {
        $fixture = new Fixture();
        $fixture->transport->then(new Response(401, '{"message":"Invalid API key."}'));
        $fixture->reporter->reportPlaced($fixture->personalisedOrder(1042));
        $this->assertSame(ReportQueue::STATUS_FAILED, $fixture->storage->rows[1042]['status']);
        $fixture->transport->then(ScriptedTransport::created('ord_1042'));
        $command = new RetryReportsCommand($fixture->queue, new RetryReports($fixture->queue, $fixture->reporter, $fixture->logger));
        $input = new class () implements InputInterface {
            public function getOption(string $name)
            {
                return $name === 'failed';
            }
        };
        $output = new class () implements OutputInterface {
            public array $lines = [];

            public function writeln($messages, int $options = 0)
            {
                $this->lines[] = $messages;
            }
        };

        $exitCode = $command->run($input, $output);

        $this->assertSame(0, $exitCode);
        $this->assertSame('monogram:reports:retry', $command->getName());
        $this->assertSame(['1 failed reports put back in the queue.', '1 reports sent, 1 accepted by Monogram, 0 left for later.'], $output->lines);
        $this->assertSame(ReportQueue::STATUS_DONE, $fixture->storage->rows[1042]['status']);
    }
}
